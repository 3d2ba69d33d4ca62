import type { SystemConfig } from '../config/systemConfig.js';

/**
 * A warning for data too short to trade: fewer bars than the longest configured indicator period (its
 * warm-up) or than `services.strategy_evaluation.min_rows_required`. Such a run is valid but makes no
 * trades, which looks like a broken strategy unless someone says why. Undefined when the data is long
 * enough.
 *
 * @example
 * ```ts
 * warmUpWarning(config, 2, 'tiny.csv');
 * // 'warning: tiny.csv has 2 bars, fewer than the 50 the indicators and strategies need to warm up ...'
 * ```
 */
export function warmUpWarning(config: SystemConfig, bars: number, file: string): string | undefined {
  const periods = config.services.indicator_calculation.indicators.map((spec) =>
    Math.max(spec.period ?? 0, spec.slow_period ?? 0, (spec.slow_period ?? 0) + (spec.signal_period ?? 0)),
  );
  const needed = Math.max(config.services.strategy_evaluation.min_rows_required, ...periods);
  if (bars > needed) return undefined;
  return (
    `warning: ${file} has ${bars} bar${bars === 1 ? '' : 's'}, fewer than the ${needed} the indicators and strategies need to warm up ` +
    '(the longest indicator period or services.strategy_evaluation.min_rows_required): expect no trades'
  );
}
