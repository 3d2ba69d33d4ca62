import { z } from 'zod';
import { DirectionSchema } from '../events/tradingEvents.js';

/** An open position of one strategy on one symbol, as the entry manager tracks it. */
export const OpenPositionSchema = z.object({
  direction: DirectionSchema,
  /** Timeframe whose bars count the holding time (and the cooldown after the exit). */
  timeframe: z.string().min(1).optional(),
  entryPrice: z.number(),
  /** Open time of the candle the entry was decided on. */
  entryTime: z.number().int().nonnegative(),
  /** Bar index of that candle on `timeframe`. */
  barIndex: z.number().int().nonnegative(),
  stopLoss: z.number().optional(),
  takeProfit: z.number().optional(),
});
/**
 * A position as the entry manager tracks it (for exits by stop-loss, take-profit and holding time).
 *
 * @example
 * ```ts
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const position: OpenPosition | undefined = entries.position('EURUSD', 'ema_cross');
 * ```
 */
export type OpenPosition = z.infer<typeof OpenPositionSchema>;

/** An entry decided but not yet confirmed by an `OrderPlacedEvent`; it blocks a second entry on its candle. */
export const PendingEntrySchema = z.object({
  direction: DirectionSchema,
  timeframe: z.string().min(1),
  candleTime: z.number().int().nonnegative(),
  barIndex: z.number().int().nonnegative(),
  /** Reference price of the decision (the candle's close). */
  price: z.number(),
  stopLoss: z.number().optional(),
  takeProfit: z.number().optional(),
});
/**
 * An entry decided but not yet confirmed by an `OrderPlacedEvent` (see {@link PendingEntrySchema}).
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const pending: PendingEntry = { direction: 'long', timeframe: '1', candleTime, barIndex: 42, price: 1.1, stopLoss: 1.098 };
 * entries.markEntryPending('EURUSD', 'ema_cross', pending);
 * ```
 */
export type PendingEntry = z.infer<typeof PendingEntrySchema>;

/** An exit decided but not yet confirmed; it blocks a second exit signal on its candle. */
export const PendingExitSchema = z.object({
  candleTime: z.number().int().nonnegative(),
  barIndex: z.number().int().nonnegative(),
});
/**
 * An exit decided but not yet confirmed by an `OrderPlacedEvent`.
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * entries.markExitPending('EURUSD', 'ema_cross', { candleTime, barIndex: 43 });
 * ```
 */
export type PendingExit = z.infer<typeof PendingExitSchema>;

const SlotStateSchema = z.object({
  symbol: z.string().min(1),
  strategyName: z.string().min(1),
  position: OpenPositionSchema.optional(),
  pendingEntry: PendingEntrySchema.optional(),
  pendingExit: PendingExitSchema.optional(),
  lastEntryCandleTime: z.number().int().nonnegative().optional(),
  lastExit: z
    .object({ timeframe: z.string().optional(), barIndex: z.number().int().nonnegative() })
    .optional(),
});
export type EntrySlotState = z.infer<typeof SlotStateSchema>;

/**
 * Everything the entry manager knows, as plain JSON: open positions, pending marks, cooldowns and the bar
 * clocks (last candle time and bar index per symbol and timeframe). Written to a checkpoint; after a
 * restart `restore` continues counting bars where it stopped.
 *
 * @example
 * ```ts
 * const state: EntryManagerState = EntryManagerStateSchema.parse(JSON.parse(checkpointText));
 * entryManager.restore(state);
 * ```
 */
export const EntryManagerStateSchema = z.object({
  version: z.literal(1),
  bars: z.array(
    z.object({
      symbol: z.string().min(1),
      timeframe: z.string().min(1),
      lastTime: z.number().int().nonnegative(),
      index: z.number().int().nonnegative(),
    }),
  ),
  slots: z.array(SlotStateSchema),
});
/**
 * Everything the entry manager knows, as a JSON-safe checkpoint (restored after a restart).
 *
 * @example
 * ```ts
 * const checkpoints = new MemoryCheckpointStore();
 * const entries = new EntryManager({ cooldownBars: 1 });
 * checkpoints.save('strategy_evaluation', 'entries', entries.snapshot());
 * // After a restart: a new manager takes over where the checkpoint left off.
 * const restored = new EntryManager({ cooldownBars: 1 });
 * const state = checkpoints.load<EntryManagerState>('strategy_evaluation', 'entries');
 * if (state) restored.restore(state);
 * ```
 */
export type EntryManagerState = z.infer<typeof EntryManagerStateSchema>;
