/** `restartService` / `getServiceState` named a service this orchestrator does not run. */
export class UnknownServiceNameError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown service "${name}" (running: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownServiceNameError';
  }
}
