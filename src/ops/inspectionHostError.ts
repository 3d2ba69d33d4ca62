import { UserError } from '../errors/userError.js';

/**
 * Inspection was asked to bind beyond loopback: the inspector shows every actor, event and snapshot, so it
 * only ever listens on this machine.
 *
 * @example
 * ```ts
 * await createInspection('local', { host: '0.0.0.0' }); // throws InspectionHostError
 * ```
 */
export class InspectionHostError extends UserError {
  constructor(host: string) {
    super(`inspection binds to loopback only (127.0.0.1, localhost, ::1), not "${host}"`);
    this.name = 'InspectionHostError';
  }
}
