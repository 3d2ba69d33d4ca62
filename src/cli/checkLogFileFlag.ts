import { UsageError } from '../errors/usageError.js';
import { writableFileProblem } from '../util/pathProblems.js';

/**
 * Checks `--log-file FILE` before anything runs: the file must be writable or creatable (not a directory,
 * not under `/proc` or `/dev/null`). Throws a `UsageError` naming the flag.
 *
 * @example
 * ```ts
 * checkLogFileFlag('/dev/null/x.log', '/dev/null/x.log'); // UsageError: --log-file /dev/null/x.log: a part of the path ...
 * ```
 */
export function checkLogFileFlag(given: string | undefined, absolute: string | undefined): void {
  if (given === undefined || absolute === undefined) return;
  const problem = writableFileProblem(absolute);
  if (problem !== undefined) throw new UsageError(`--log-file ${given}: ${problem}`);
}
