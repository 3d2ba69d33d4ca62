import { UserError } from '../errors/userError.js';

/** `restartService` / `getServiceState` named a service this orchestrator does not run (exit code 2). */
export class UnknownServiceNameError extends UserError {
  override readonly name = 'UnknownServiceNameError';

  constructor(
    readonly service: string,
    readonly known: readonly string[],
  ) {
    super(`unknown service "${service}" (running: ${known.join(', ') || 'none'})`);
  }
}
