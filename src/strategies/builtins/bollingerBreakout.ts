import { z } from 'zod';
import type { IndicatorRow } from '../../events/candle.js';
import type { Direction } from '../../events/tradingEvents.js';
import { defineStrategy } from '../defineStrategy.js';

/** Parameters of `bollinger_breakout`. */
export const BollingerBreakoutParamsSchema = z
  .strictObject({
    upper: z.string().min(1).default('bb_upper').describe('Column of the upper band'),
    lower: z.string().min(1).default('bb_lower').describe('Column of the lower band'),
    min_width: z
      .number()
      .min(0)
      .default(0)
      .describe(
        'Smallest band width, relative to the midline ((upper − lower) / ((upper + lower) / 2)), to trade',
      ),
  })
  .refine((params) => params.upper !== params.lower, {
    message: 'upper and lower must be different columns',
    path: ['lower'],
  });
export type BollingerBreakoutParams = z.infer<typeof BollingerBreakoutParamsSchema>;

/**
 * Volatility breakout: long when the close crosses above the upper band (previous close ≤ previous upper,
 * now above), short when it crosses below the lower band. `min_width` ignores breakouts from bands too
 * narrow to matter; the width is computed from the two band columns, so it needs no extra column and
 * works the same on any price scale (0.002 = bands 0.2 % apart).
 *
 * @example
 * ```yaml
 * strategies:
 *   - { name: bb_break, type: bollinger_breakout, params: { min_width: 0.001 }, regimes: [volatile, trending_up, trending_down] }
 * ```
 */
export const bollingerBreakout = defineStrategy<BollingerBreakoutParams>({
  type: 'bollinger_breakout',
  description: 'Long when the close crosses above the upper band, short when it crosses below the lower band',
  parameters: BollingerBreakoutParamsSchema,
  create: ({ upper, lower, min_width: minWidth }) => ({
    type: 'bollinger_breakout',
    requiredIndicators: [upper, lower],
    evaluate: (rows) => breakout(rows, upper, lower, minWidth),
  }),
});

function breakout(
  rows: readonly IndicatorRow[],
  upperColumn: string,
  lowerColumn: string,
  minWidth: number,
): Direction | undefined {
  const now = rows[rows.length - 1];
  const before = rows[rows.length - 2];
  if (now === undefined || before === undefined) return undefined;
  const upper = now.indicators[upperColumn];
  const lower = now.indicators[lowerColumn];
  const upperBefore = before.indicators[upperColumn];
  const lowerBefore = before.indicators[lowerColumn];
  if (upper === undefined || lower === undefined || upperBefore === undefined || lowerBefore === undefined) {
    return undefined;
  }
  if (minWidth > 0) {
    const midline = (upper + lower) / 2;
    if (midline <= 0 || (upper - lower) / midline < minWidth) return undefined;
  }
  if (before.close <= upperBefore && now.close > upper) return 'long';
  if (before.close >= lowerBefore && now.close < lower) return 'short';
  return undefined;
}
