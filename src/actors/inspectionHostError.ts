import { UserError } from '../errors/userError.js';

/**
 * Inspection was asked to bind beyond loopback.
 *
 * @example
 * ```ts
 * await createInspection({ host: '0.0.0.0' }); // throws InspectionHostError
 * ```
 */
export class InspectionHostError extends UserError {
  constructor(host: string) {
    super(`inspection binds to loopback only (127.0.0.1, localhost, ::1), not "${host}"`);
    this.name = 'InspectionHostError';
  }
}
