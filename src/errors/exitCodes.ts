/**
 * The process exit codes of the `tradestate` command line, in one place so that the CLI, the errors that
 * carry a code and the README's table agree.
 *
 * - `success` (0): the command did what was asked.
 * - `internalError` (1): a bug or an unexpected failure; the message says "internal error" and
 *   `TRADESTATE_DEBUG=1` shows the stack.
 * - `userError` (2): something the user gave is wrong or missing (flag, config, data file, strategy module,
 *   path, port, store); the one-line message names the file, line, field or value.
 * - `degraded` (3): the run finished, but supervision had to degrade or stop it (a service failed beyond
 *   its restart intensity); the summary names the service and its last error.
 * - `recovered` (4): the run completed, but services failed on the way and were restarted (see the
 *   summary's supervision section).
 * - `interrupted` (130) / `terminated` (143): stopped by SIGINT / SIGTERM (128 + signal number, as shells do).
 *
 * @example
 * ```ts
 * declare const summary: RunSummary;
 * process.exitCode = summary.supervision.status === 'degraded' ? exitCodes.degraded : exitCodes.success;
 * ```
 */
export const exitCodes = {
  success: 0,
  internalError: 1,
  userError: 2,
  degraded: 3,
  recovered: 4,
  interrupted: 130,
  terminated: 143,
} as const;

/**
 * One of the values of {@link exitCodes}.
 *
 * @example
 * ```ts
 * const code: ExitCode = exitCodes.userError;
 * ```
 */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
