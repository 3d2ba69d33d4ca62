/** Thrown by the placeholder actors when a machine runs without its implementations bound. */
export class NotProvidedError extends Error {
  constructor(what: string) {
    super(`${what} is not provided: bind it with lifecycleMachine.provide(...) (see src/actors)`);
    this.name = 'NotProvidedError';
  }
}
