import { UserError } from '../errors/userError.js';

/**
 * One problem of an event from outside: the field path (`bar.high`, `reasons.0`) and what is wrong.
 *
 * @example
 * ```ts
 * const issue: EventIssue = { path: 'bar.high', message: 'expected a number, got "1.2"' };
 * ```
 */
export interface EventIssue {
  path: string;
  message: string;
}

/**
 * An event that arrived from outside the process (a file, another process, the network) does not match
 * its schema. The message names where it came from and every field in error.
 *
 * @example
 * ```ts
 * // Thrown where events from outside are parsed (another process over NATS, a file of events).
 * const error = new InvalidEventError('events.jsonl:12', 'NewCandleEvent', [
 *   { path: 'bar.high', message: 'expected a number, got "1.2"' },
 * ]);
 * error.message; // events.jsonl:12: invalid NewCandleEvent: bar.high: expected a number, got "1.2"
 * ```
 */
export class InvalidEventError extends UserError {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly source: string,
    readonly eventType: string | undefined,
    readonly issues: readonly EventIssue[],
  ) {
    const what = eventType === undefined ? 'invalid event' : `invalid ${eventType}`;
    super(
      `${source}: ${what}: ${issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`).join('; ')}`,
    );
  }
}
