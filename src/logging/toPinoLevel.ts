import type { LevelWithSilent } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';

/** A level name as written in the configuration (the specification's Python names plus pino's). */
export type LogLevelName = SystemConfig['logging']['level'];

const pinoLevels: Record<LogLevelName, LevelWithSilent> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  SILENT: 'silent',
};

/** pino's label → the upper-case name printed in log lines (the specification's names: WARNING, CRITICAL). */
export const seedLevelNames: Readonly<Record<string, string>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/**
 * The pino level for a configured level name: `WARNING` → `warn`, `CRITICAL` → `fatal`,
 * `SILENT` → `silent`.
 *
 * @example
 * ```ts
 * toPinoLevel('WARNING'); // 'warn'
 * ```
 */
export function toPinoLevel(name: LogLevelName): LevelWithSilent {
  return pinoLevels[name];
}
