import { StrategyEvaluationConfigSchema } from '../../../src/config/systemConfig.js';
import type { IndicatorRow } from '../../../src/events/candle.js';

export const T0 = Date.parse('2025-01-06T00:00:00Z');
export const MINUTE = 60_000;

/** A 1-minute row at index `i`; price fields default around `close`, no indicators unless given. */
export function row(
  i: number,
  indicators: Record<string, number> = {},
  fields: Partial<Omit<IndicatorRow, 'time' | 'indicators'>> = {},
): IndicatorRow {
  const close = fields.close ?? 1.1;
  return {
    time: T0 + i * MINUTE,
    open: fields.open ?? close,
    high: fields.high ?? close + 0.0005,
    low: fields.low ?? close - 0.0005,
    close,
    volume: fields.volume ?? 100,
    indicators,
    regime: fields.regime ?? 'ranging',
  };
}

/** Rows 0..n-1 from per-row indicator values. */
export function series(
  values: Record<string, number>[],
  fields: Partial<IndicatorRow>[] = [],
): IndicatorRow[] {
  return values.map((indicators, i) => row(i, indicators, fields[i] ?? {}));
}

/** A resolved `services.strategy_evaluation` section. */
export function strategyConfig(input: Record<string, unknown>) {
  return StrategyEvaluationConfigSchema.parse(input);
}
