import { z } from 'zod';

/** The OHLCV fields, shared by candles and indicator rows. */
const candleFields = {
  time: z.number().int().nonnegative(),
  open: z.number().finite(),
  high: z.number().finite(),
  low: z.number().finite(),
  close: z.number().finite(),
  volume: z.number().finite().nonnegative(),
};

/**
 * One OHLCV bar. `time` is the bar's open time in epoch milliseconds (UTC). Replaces the seed's pandas
 * `Series`/`DataFrame` rows with a typed object.
 *
 * @example
 * ```ts
 * const bar: Candle = { time: Date.parse('2025-01-06T10:00:00Z'), open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 100 };
 * ```
 */
export const CandleSchema = z
  .object(candleFields)
  .refine((bar) => bar.high >= bar.low, { message: 'high must be >= low', path: ['high'] });

/**
 * A closed bar (see {@link CandleSchema}); `time` is its open time in epoch milliseconds.
 *
 * @example
 * ```ts
 * const bar: Candle = { time: Date.parse('2025-01-06T10:00:00Z'), open: 1.1, high: 1.101, low: 1.099, close: 1.1005, volume: 120 };
 * ```
 */
export type Candle = z.infer<typeof CandleSchema>;

/**
 * A closed candle plus the indicator values computed on it and the market regime at its close: one of the
 * seed's `recent_rows`. Indicator keys are the configured indicator names (e.g. `ema_fast`, `rsi`,
 * `bb_upper`); a value is absent while the indicator is still warming up.
 *
 * @example
 * ```ts
 * const row = IndicatorRowSchema.parse({ ...bar, indicators: { ema_fast: 1.1 }, regime: 'ranging' });
 * ```
 */
export const IndicatorRowSchema = z.object({
  ...candleFields,
  indicators: z.record(z.string(), z.number()),
  regime: z.string(),
});

/**
 * A closed bar with its indicator values and regime (see {@link IndicatorRowSchema}).
 *
 * @example
 * ```ts
 * const emaSpread = (row: IndicatorRow) => (row.indicators.ema_fast ?? 0) - (row.indicators.ema_slow ?? 0);
 * ```
 */
export type IndicatorRow = z.infer<typeof IndicatorRowSchema>;
