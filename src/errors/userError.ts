import { type ExitCode, exitCodes } from './exitCodes.js';

/**
 * The base of every error caused by what the user gave: a flag, the configuration, a data file, a strategy
 * module, a path, a port, an unreachable server, an unusable store. Its message is one line that names the
 * file, line, field or value, and it carries the process exit code, so the command line prints the message
 * without a stack trace and exits with `exitCode` (2 unless a subclass says otherwise). Anything that is
 * not a `UserError` is an internal error (exit 1).
 *
 * @example
 * ```ts
 * export class PortRangeError extends UserError {
 *   override readonly name = 'PortRangeError';
 *   constructor(flag: string, port: number) {
 *     super(`${flag} must be a port between 1 and 65535, got ${port}`);
 *   }
 * }
 * ```
 */
export class UserError extends Error {
  override name = 'UserError';
  /** The process exit code the command line ends with when this error stops a command. */
  readonly exitCode: ExitCode;

  constructor(message: string, options?: { cause?: unknown; exitCode?: ExitCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options?.exitCode ?? exitCodes.userError;
  }
}
