/**
 * A service failed to start: the orchestrator stopped the ones already started.
 *
 * @example
 * ```ts
 * try { await system.start(); } catch (error) {
 *   if (error instanceof ServiceStartError) console.error(error.message); // names the service and why
 * }
 * ```
 */
export class ServiceStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceStartError';
  }
}
