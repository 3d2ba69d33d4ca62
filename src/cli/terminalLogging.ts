import { join } from 'node:path';
import type { SystemConfigInput } from '../config/systemConfig.js';

/**
 * Where a command's logs go so that they never fight the progress bar for the terminal: `--quiet` keeps
 * only ERROR lines; `--log-file` sends them to that file; a backtest on a terminal with no log file
 * configured writes them to `<out>/backtest.log` (announced at the end); otherwise they stay where the
 * configuration puts them (stderr by default). Returns the config overrides and the file to announce.
 *
 * @example
 * ```ts
 * terminalLogging({ quiet: false, logFile: undefined, configured: undefined, terminal: true, outDirectory: 'out' });
 * // { overrides: { file: 'out/backtest.log' }, announce: 'out/backtest.log' }
 * ```
 */
export function terminalLogging(options: {
  quiet: boolean;
  logFile: string | undefined;
  configured: string | undefined;
  terminal: boolean;
  outDirectory?: string;
}): { overrides: SystemConfigInput['logging'] | undefined; announce: string | undefined } {
  const level = options.quiet ? { level: 'ERROR' as const } : {};
  if (options.logFile !== undefined)
    return { overrides: { ...level, file: options.logFile }, announce: options.logFile };
  if (
    options.terminal &&
    !options.quiet &&
    options.configured === undefined &&
    options.outDirectory !== undefined
  ) {
    const file = join(options.outDirectory, 'backtest.log');
    return { overrides: { file }, announce: file };
  }
  return { overrides: options.quiet ? level : undefined, announce: undefined };
}
