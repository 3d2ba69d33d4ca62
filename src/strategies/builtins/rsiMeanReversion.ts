import { z } from 'zod';
import type { Direction } from '../../events/tradingEvents.js';
import { defineStrategy } from '../defineStrategy.js';

/** Parameters of `rsi_mean_reversion`. */
export const RsiMeanReversionParamsSchema = z
  .strictObject({
    column: z.string().min(1).default('rsi').describe('Column of the RSI'),
    oversold: z.number().gt(0).lt(100).default(30).describe('Level below which the market is oversold'),
    overbought: z.number().gt(0).lt(100).default(70).describe('Level above which the market is overbought'),
  })
  .refine((params) => params.oversold < params.overbought, {
    message: 'oversold must be below overbought',
    path: ['oversold'],
  });
export type RsiMeanReversionParams = z.infer<typeof RsiMeanReversionParamsSchema>;

/**
 * Mean reversion on the RSI: long when it crosses back above `oversold` (previous ≤ oversold, now
 * above), short when it crosses back below `overbought` (previous ≥ overbought, now below). Waiting for
 * the cross back, rather than entering while still oversold, avoids catching a falling knife.
 *
 * @example
 * ```yaml
 * strategies:
 *   - { name: rsi_reversion, type: rsi_mean_reversion, params: { oversold: 25, overbought: 75 }, regimes: [ranging] }
 * ```
 */
export const rsiMeanReversion = defineStrategy<RsiMeanReversionParams>({
  type: 'rsi_mean_reversion',
  description: 'Long when the RSI crosses back above oversold, short when it crosses back below overbought',
  parameters: RsiMeanReversionParamsSchema,
  create: ({ column, oversold, overbought }) => ({
    type: 'rsi_mean_reversion',
    requiredIndicators: [column],
    evaluate(rows): Direction | undefined {
      const now = rows[rows.length - 1]?.indicators[column];
      const before = rows[rows.length - 2]?.indicators[column];
      if (now === undefined || before === undefined) return undefined;
      if (before <= oversold && now > oversold) return 'long';
      if (before >= overbought && now < overbought) return 'short';
      return undefined;
    },
  }),
});
