import { UserError } from './userError.js';

/**
 * An option passed to a library function that the function cannot use: a missing or malformed data source
 * for `runBacktest`, say. `option` names the field as the caller wrote it; the message also says what was
 * expected and what was given.
 *
 * @example
 * ```ts
 * try {
 *   await runBacktest(config, { dataSource: undefined as never });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.error(error.option); // 'dataSource'
 * }
 * ```
 */
export class InvalidOptionError extends UserError {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The function the option was given to, e.g. `runBacktest`. */
    readonly functionName: string,
    /** The option's name, e.g. `dataSource`. */
    readonly option: string,
    /** What was wrong: expected what, got what. */
    readonly reason: string,
  ) {
    super(`${functionName}: option ${option}: ${reason}`);
  }
}
