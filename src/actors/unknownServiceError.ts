/** Thrown when a lifecycle actor names a service no runtime is registered for. */
export class UnknownServiceError extends Error {
  constructor(service: string) {
    super(`no runtime registered for service "${service}"`);
    this.name = 'UnknownServiceError';
  }
}
