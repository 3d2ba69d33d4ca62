import { z } from 'zod';
import { eventFields } from './eventFields.js';

/** High is the highest price of the bar and low the lowest: open and close lie between them. */
function checkOhlc(
  bar: { open: number; high: number; low: number; close: number },
  context: z.core.$RefinementCtx,
): void {
  const issue = (path: string, message: string) =>
    context.addIssue({ code: 'custom', path: [path], message });
  if (bar.high < bar.low) issue('high', `high ${bar.high} is below low ${bar.low}`);
  else if (bar.high < Math.max(bar.open, bar.close))
    issue(
      'high',
      `high ${bar.high} is below ${bar.open > bar.close ? `open ${bar.open}` : `close ${bar.close}`}`,
    );
  else if (bar.low > Math.min(bar.open, bar.close))
    issue(
      'low',
      `low ${bar.low} is above ${bar.open < bar.close ? `open ${bar.open}` : `close ${bar.close}`}`,
    );
}

/** The OHLCV fields, shared by candles and indicator rows. */
const candleFields = {
  time: eventFields.time,
  open: eventFields.price,
  high: eventFields.price,
  low: eventFields.price,
  close: eventFields.price,
  volume: z.number().finite().nonnegative(),
};

/**
 * One OHLCV bar. `time` is the bar's open time in epoch milliseconds (UTC). Replaces the specification's pandas
 * `Series`/`DataFrame` rows with a typed object.
 *
 * @example
 * ```ts
 * const bar: Candle = { time: Date.parse('2025-01-06T10:00:00Z'), open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 100 };
 * ```
 */
export const CandleSchema = z.object(candleFields).superRefine(checkOhlc);

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
 * specification's `recent_rows`. Indicator keys are the configured indicator names (e.g. `ema_fast`, `rsi`,
 * `bb_upper`); a value is absent while the indicator is still warming up.
 *
 * @example
 * ```ts
 * const bar = new EventBuilders().candle({ close: 1.1 });
 * const row = IndicatorRowSchema.parse({ ...bar, indicators: { ema_fast: 1.1 }, regime: 'ranging' });
 * ```
 */
export const IndicatorRowSchema = z
  .object({
    ...candleFields,
    indicators: z.record(z.string().max(128), z.number()),
    regime: z.string().max(128),
  })
  .superRefine(checkOhlc);

/**
 * A closed bar with its indicator values and regime (see {@link IndicatorRowSchema}).
 *
 * @example
 * ```ts
 * const emaSpread = (row: IndicatorRow) => (row.indicators.ema_fast ?? 0) - (row.indicators.ema_slow ?? 0);
 * ```
 */
export type IndicatorRow = z.infer<typeof IndicatorRowSchema>;
