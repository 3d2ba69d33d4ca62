import type { SystemConfig } from '../config/systemConfig.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { OrderRequest } from './broker.js';
import { levelKey } from './brokerSideExit.js';

/** The stop-loss and take-profit held for an open position. */
export type Levels = { stopLoss?: number; takeProfit?: number };

/**
 * The stop-loss and take-profit of each open position, per symbol and then by strategy: a bar reads its own
 * symbol's (`bySymbol.get(symbol)`), without a key string per position nor a walk over the other symbols'.
 * The executor's snapshot lists them flat, keyed `symbol\u0000strategy`, as checkpoints always have.
 *
 * @example
 * ```ts
 * const held = new HeldLevels();
 * held.remember(order, signal, 'next_open'); // true: the entry's stop and target are held from now on
 * held.bySymbol.get('EURUSD')?.get('ema_cross'); // { stopLoss: 1.09, takeProfit: 1.12 }
 * ```
 */
export class HeldLevels {
  readonly bySymbol = new Map<string, Map<string, Levels>>();

  /** The levels held in `symbol`, by strategy (created when missing). */
  of(symbol: string): Map<string, Levels> {
    let held = this.bySymbol.get(symbol);
    if (held === undefined) {
      held = new Map();
      this.bySymbol.set(symbol, held);
    }
    return held;
  }

  /** The levels as the snapshot lists them: `[symbol\u0000strategy, levels]`, symbol by symbol. */
  entries(): [string, Levels][] {
    const entries: [string, Levels][] = [];
    for (const [symbol, held] of this.bySymbol) {
      for (const [strategyName, levels] of held) entries.push([levelKey(symbol, strategyName), levels]);
    }
    return entries;
  }

  /** Replaces every level with the snapshot's `entries` (see {@link entries}). */
  restore(entries: readonly [string, Levels][]): void {
    this.bySymbol.clear();
    for (const [key, levels] of entries) {
      const separator = key.indexOf('\u0000');
      this.of(key.slice(0, separator)).set(key.slice(separator + 1), levels);
    }
  }

  /**
   * After a fill: an entry's stop and target are held from now on (only with `next_open` fills, the others
   * are checked by the strategy); a close forgets them. Returns whether anything changed, for the
   * executor's version.
   */
  remember(
    order: OrderRequest,
    signal: EntrySignalEvent | ExitSignalEvent | undefined,
    fillPrice: SystemConfig['trading']['fill_price'],
  ): boolean {
    if (order.intent === 'close') return this.bySymbol.get(order.symbol)?.delete(order.strategyName) === true;
    if (fillPrice !== 'next_open' || signal?.type !== 'EntrySignalEvent') return false;
    const { stop_loss: stopLoss, take_profit: takeProfit } = signal;
    if (stopLoss === undefined && takeProfit === undefined) return false;
    const levels: Levels = {};
    if (stopLoss !== undefined) levels.stopLoss = stopLoss;
    if (takeProfit !== undefined) levels.takeProfit = takeProfit;
    this.of(order.symbol).set(order.strategyName, levels);
    return true;
  }
}
