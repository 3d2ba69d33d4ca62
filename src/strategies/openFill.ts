import type { Direction } from '../events/tradingEvents.js';

/**
 * A fill that opens a position (from `OrderPlacedEvent` with intent `open`).
 *
 * @example
 * ```ts
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const time = Date.UTC(2025, 0, 6, 10, 0);
 * entries.confirmOpen('EURUSD', 'ema_cross', { direction: 'long', entryPrice: 1.1, entryTime: time, barIndex: 42 });
 * ```
 */
export interface OpenFill {
  direction: Direction;
  entryPrice: number;
  entryTime: number;
  barIndex: number;
  /** Defaults to the pending entry's timeframe. */
  timeframe?: string;
  stopLoss?: number;
  takeProfit?: number;
}
