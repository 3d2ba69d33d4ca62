import { resolve } from 'node:path';
import { UsageError } from '../errors/usageError.js';
import { inputFileProblem, outputDirectoryProblem } from '../util/pathProblems.js';

/**
 * Checks the paths given on the command line before anything is opened: each input flag (`--data`,
 * `--config`) names a readable regular file, each output flag (`--out`) a directory that is writable or
 * can be created. A missing `--config` file is left to the config loader, which says "config file not
 * found". Throws a `UsageError` naming the flag and the path.
 *
 * @example
 * ```ts
 * checkInputFlags(cwd, { '--data': 'bars.csv', '--config': undefined }, { '--out': 'results' });
 * // UsageError: --data /tmp: expected a file, got a directory: /tmp
 * ```
 */
export function checkInputFlags(
  cwd: string,
  inputs: Record<string, string | undefined>,
  outputs: Record<string, string | undefined> = {},
): void {
  for (const [flag, path] of Object.entries(inputs)) {
    if (path === undefined) continue;
    const problem = inputFileProblem(resolve(cwd, path));
    if (problem === undefined || (flag === '--config' && problem.startsWith('file not found'))) continue;
    throw new UsageError(`${flag} ${path}: ${problem}`);
  }
  for (const [flag, path] of Object.entries(outputs)) {
    if (path === undefined) continue;
    const problem = outputDirectoryProblem(resolve(cwd, path));
    if (problem !== undefined) throw new UsageError(`${flag} ${path}: ${problem}`);
  }
}
