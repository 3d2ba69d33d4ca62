import { join } from 'node:path';
import type { ConfigCheck, ConfigFinding } from '../config/configCheck.js';
import { inputFileProblem, writableFileProblem } from '../util/pathProblems.js';

/**
 * A configuration check that the files a run writes can be written: `store.path` (unless `:memory:` or the
 * run keeps no store) and `logging.file`; and that the CSV file it replays (`trading.data_source.path`) can
 * be read. Reported at the line or variable that set them, before anything is
 * opened; a path under `/proc` fails at once instead of hanging.
 *
 * @example
 * ```ts
 * loadConfig(undefined, { env: { STORE_PATH: '/proc/self/x.db' }, checks: [filePathsCheck({ store: true })] });
 * // $STORE_PATH store.path: cannot create /proc/self/x.db: it is on a system file system (/proc, /sys, /dev)
 * ```
 */
export function filePathsCheck(uses: { store: boolean }): ConfigCheck {
  return (config) => {
    const findings: ConfigFinding[] = [];
    // Without store.path, each command keeps its store under store.directory (run.db, backtests/...).
    const storePath = config.store.path ?? join(config.store.directory, 'run.db');
    if (uses.store && storePath !== ':memory:') {
      const problem = writableFileProblem(storePath);
      if (problem !== undefined)
        findings.push({
          path: config.store.path === undefined ? ['store', 'directory'] : ['store', 'path'],
          value: config.store.path ?? config.store.directory,
          expected: 'a writable file',
          message: problem,
        });
    }
    const logFile = config.logging.file;
    if (logFile !== undefined) {
      const problem = writableFileProblem(logFile);
      if (problem !== undefined)
        findings.push({
          path: ['logging', 'file'],
          value: logFile,
          expected: 'a writable file',
          message: problem,
        });
    }
    const source = config.trading.data_source;
    if (source.type === 'csv' && source.path !== undefined && source.path !== '') {
      const problem = inputFileProblem(source.path);
      if (problem !== undefined)
        findings.push({
          path: ['trading', 'data_source', 'path'],
          value: source.path,
          expected: 'a readable file',
          message: problem,
        });
    }
    return findings;
  };
}
