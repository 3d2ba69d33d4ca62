import type { SystemConfig } from './systemConfig.js';

/**
 * One thing a {@link ConfigCheck} found wrong with a valid-looking configuration. The loader turns it into
 * a `ConfigProblem` with the place the value came from (file:line:column, environment variable, ...).
 *
 * @example
 * ```ts
 * const finding: ConfigFinding = {
 *   path: ['services', 'strategy_evaluation', 'strategies', 1, 'name'],
 *   value: 'ema_cross',
 *   expected: 'a name used once',
 *   message: 'strategy name "ema_cross" is already used by strategies.0',
 * };
 * ```
 */
export interface ConfigFinding {
  /** Keys and array indexes down to the value (`['trading', 'symbols', 2]`). */
  path: readonly (string | number)[];
  value: unknown;
  expected: string;
  message: string;
}

/**
 * A check that needs the whole configuration (cross-field rules, strategies against their registry, paths
 * against the file system). Passed to `loadConfig` in `checks`; it runs after the schema accepted the
 * configuration and returns what it finds, never throws for a user mistake.
 *
 * @example
 * ```ts
 * const noDemo: ConfigCheck = (config) =>
 *   config.trading.symbol === 'DEMO'
 *     ? [{ path: ['trading', 'symbol'], value: 'DEMO', expected: 'a real symbol', message: 'DEMO is not tradable' }]
 *     : [];
 * loadConfig('config/services.yaml', { checks: [noDemo] });
 * ```
 */
export type ConfigCheck = (config: SystemConfig) => ConfigFinding[];
