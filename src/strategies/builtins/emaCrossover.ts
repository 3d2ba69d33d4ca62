import { z } from 'zod';
import type { IndicatorRow } from '../../events/candle.js';
import type { Direction } from '../../events/tradingEvents.js';
import { defineStrategy } from '../defineStrategy.js';

/** Parameters of `ema_crossover`; column names refer to `IndicatorRow.indicators`. */
export const EmaCrossoverParamsSchema = z
  .strictObject({
    fast: z.string().min(1).default('ema_fast').describe('Column of the fast average'),
    slow: z.string().min(1).default('ema_slow').describe('Column of the slow average'),
    confirm_bars: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'Closed bars the cross must hold after the crossing bar before the signal (0: signal on the cross)',
      ),
  })
  .refine((params) => params.fast !== params.slow, {
    message: 'fast and slow must be different columns',
    path: ['slow'],
  });
export type EmaCrossoverParams = z.infer<typeof EmaCrossoverParamsSchema>;

/**
 * Trend following on two moving averages: long when the fast one crosses above the slow one (previous
 * fast ≤ previous slow, now fast > slow), short on the cross below. With `confirm_bars: n` the signal
 * comes `n` bars after the cross, and only if the fast average stayed on the new side on every one of them.
 *
 * @example
 * ```yaml
 * strategies:
 *   - { name: ema_cross, type: ema_crossover, params: { fast: ema_fast, slow: ema_slow, confirm_bars: 1 } }
 * ```
 */
export const emaCrossover = defineStrategy<EmaCrossoverParams>({
  type: 'ema_crossover',
  description: 'Long when the fast EMA crosses above the slow EMA, short when it crosses below',
  parameters: EmaCrossoverParamsSchema,
  create: ({ fast, slow, confirm_bars: confirmBars }) => ({
    type: 'ema_crossover',
    requiredIndicators: [fast, slow],
    evaluate: (rows) => crossDirection(rows, fast, slow, confirmBars),
  }),
});

function crossDirection(
  rows: readonly IndicatorRow[],
  fast: string,
  slow: string,
  confirmBars: number,
): Direction | undefined {
  const crossIndex = rows.length - 1 - confirmBars;
  if (crossIndex < 1) return undefined;
  const before = spread(rows[crossIndex - 1], fast, slow);
  const at = spread(rows[crossIndex], fast, slow);
  if (before === undefined || at === undefined) return undefined;
  let direction: Direction;
  if (before <= 0 && at > 0) direction = 'long';
  else if (before >= 0 && at < 0) direction = 'short';
  else return undefined;
  // The cross must have held on every bar since, or it was a whipsaw.
  for (let index = crossIndex + 1; index < rows.length; index++) {
    const held = spread(rows[index], fast, slow);
    if (held === undefined || (direction === 'long' ? held <= 0 : held >= 0)) return undefined;
  }
  return direction;
}

/** fast − slow on a row, or undefined while either is warming up. */
function spread(row: IndicatorRow | undefined, fast: string, slow: string): number | undefined {
  const fastValue = row?.indicators[fast];
  const slowValue = row?.indicators[slow];
  if (fastValue === undefined || slowValue === undefined) return undefined;
  return fastValue - slowValue;
}
