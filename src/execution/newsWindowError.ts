import { UserError } from '../errors/userError.js';

/**
 * A news window in the config cannot be read (a date that is not ISO 8601, an end before its start).
 *
 * @example
 * ```ts
 * throw new NewsWindowError('trading.news_windows[0].start: "2024-13-01" is not an ISO 8601 date');
 * ```
 */
export class NewsWindowError extends UserError {
  override readonly name = 'NewsWindowError';
}
