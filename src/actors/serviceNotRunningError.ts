/** Thrown by `runCycle` on a service that is not RUNNING. */
export class ServiceNotRunningError extends Error {
  constructor(service: string, state: string) {
    super(`service ${service} is ${state}, not RUNNING`);
    this.name = 'ServiceNotRunningError';
  }
}
