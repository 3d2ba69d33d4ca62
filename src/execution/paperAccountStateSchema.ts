import { z } from 'zod';
import { DirectionSchema } from '../events/tradingEvents.js';

const FillSchema = z.object({
  clientOrderId: z.string(),
  symbol: z.string(),
  direction: DirectionSchema,
  size: z.number(),
  price: z.number(),
  commission: z.number(),
  time: z.number(),
  intent: z.enum(['open', 'close']),
  strategyName: z.string(),
  realizedPnl: z.number().optional(),
  reason: z.string().optional(),
  orderType: z.enum(['market', 'stop', 'limit']).optional(),
});

/**
 * Validates a paper account checkpoint read back from disk (see `PaperBroker.restore`).
 *
 * @example
 * ```ts
 * const state = PaperAccountStateSchema.parse(JSON.parse(text)) as PaperAccountState;
 * ```
 */
export const PaperAccountStateSchema = z.object({
  version: z.literal(1),
  account: z.object({
    balance: z.number(),
    equity: z.number(),
    realizedPnl: z.number(),
    unrealizedPnl: z.number(),
    peakEquity: z.number(),
    dailyRealizedPnl: z.number(),
    dayStart: z.number(),
    commissionPaid: z.number(),
    usedMargin: z.number().optional(),
    marginCalls: z.number().optional(),
  }),
  positions: z.array(
    z.object({
      symbol: z.string(),
      strategyName: z.string(),
      direction: DirectionSchema,
      size: z.number().positive(),
      entryPrice: z.number(),
      entryTime: z.number(),
      clientOrderId: z.string(),
      unrealizedPnl: z.number(),
      margin: z.number().optional(),
    }),
  ),
  marks: z.record(z.string(), z.number()),
  fills: z.array(FillSchema),
});
