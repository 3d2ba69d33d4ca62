import type { Candle } from '../events/candle.js';
import type { EntrySignalEvent } from '../events/tradingEvents.js';
import { emptyObjectArray } from '../util/emptyObjectArray.js';
import { orderTime } from './brokerSideExit.js';
import type { WorkingOrder } from './executionTypes.js';
import { roundToStep } from './paperPricing.js';

/**
 * What a bar does to one working order: fill it at `referencePrice` (as `orderType`), cancel it
 * (a limit entry past its expiry), or leave it working (a limit not reached yet).
 *
 * @example
 * ```ts
 * const outcome: WorkingOutcome = { action: 'fill', working, referencePrice: bar.open, orderType: 'market' };
 * ```
 */
export type WorkingOutcome =
  | { action: 'fill'; working: WorkingOrder; referencePrice: number; orderType: 'market' | 'limit' }
  | { action: 'cancel'; working: WorkingOrder; reason: 'limit_expired' };

const NOTHING: readonly WorkingOutcome[] = Object.freeze([]);

/**
 * The price a limit entry fills at in `bar`, or undefined when the bar did not reach it. A buy limit
 * (long entry) fills when the low reaches the limit, at the limit or at a lower open (a bar that opened
 * below it gives the better price); a sell limit (short entry) the other way round. A limit fills at its
 * price without spread or slippage: that is what resting at a level buys.
 *
 * @example
 * ```ts
 * limitEntryPrice('long', 1.098, { time: 0, open: 1.1, high: 1.1, low: 1.097, close: 1.099, volume: 1 }); // 1.098
 * limitEntryPrice('long', 1.098, { time: 0, open: 1.095, high: 1.1, low: 1.094, close: 1.099, volume: 1 }); // 1.095
 * ```
 */
export function limitEntryPrice(direction: 'long' | 'short', limit: number, bar: Candle): number | undefined {
  if (direction === 'long') return bar.low <= limit ? Math.min(limit, bar.open) : undefined;
  return bar.high >= limit ? Math.max(limit, bar.open) : undefined;
}

/**
 * A limit price on the instrument's tick, never on the worse side: a buy limit rounded down, a sell limit
 * up (a strategy's `close − 0.5 × ATR` is rarely a price the market quotes).
 *
 * @example
 * ```ts
 * limitOnTick('long', 1.0995049, 0.00001); // 1.0995
 * limitOnTick('short', 1.1004951, 0.00001); // 1.1005
 * ```
 */
export function limitOnTick(direction: 'long' | 'short', limit: number, tick: number): number {
  const ticks = limit / tick;
  // The 1e-7 tick absorbs binary noise (1.1 / 0.00001 = 109999.99999999999), which is not a tick below.
  const whole = direction === 'long' ? Math.floor(ticks + 1e-7) : Math.ceil(ticks - 1e-7);
  return roundToStep(whole * tick, tick);
}

/**
 * Time from which a limit entry is cancelled: `expiryBars` bars of its timeframe after the close of the
 * candle it was decided on. Bars opening before then may fill it.
 *
 * @example
 * ```ts
 * limitExpiry(signal, 3); // signal.candle_time + 4 × the timeframe
 * ```
 */
export function limitExpiry(signal: EntrySignalEvent, expiryBars: number): number {
  const placed = orderTime(signal);
  return placed + expiryBars * (placed - signal.candle_time);
}

/**
 * The orders accepted and not filled yet: market orders waiting for the next bar's open
 * (`trading.fill_price: next_open`) and limit entries waiting for the market to reach their price, for
 * at most `trading.limit_expiry_bars` bars of their timeframe.
 *
 * @example
 * ```ts
 * const book = new WorkingOrderBook(3);
 * book.add({ order, signal });
 * for (const outcome of book.take('EURUSD', bar)) if (outcome.action === 'fill') place(outcome);
 * ```
 */
export class WorkingOrderBook {
  /** Of the object kind from the start: see {@link emptyObjectArray}. */
  readonly orders: WorkingOrder[] = emptyObjectArray<WorkingOrder>();
  /** Counts the changes to {@link orders} (checkpoints skip an unchanged book). */
  version = 0;

  constructor(private readonly limitExpiryBars: number) {}

  add(working: WorkingOrder): void {
    this.version++;
    this.orders.push(working);
  }

  /** Replaces every order with `orders` (from a checkpoint). */
  replace(orders: readonly WorkingOrder[]): void {
    this.version++;
    this.orders.splice(0, this.orders.length, ...orders);
  }

  /** Forgets the orders of `strategyName` on `symbol` (of one intent, or all). */
  drop(symbol: string, strategyName: string, intent?: 'open' | 'close'): void {
    for (let index = this.orders.length - 1; index >= 0; index--) {
      const { order } = this.orders[index]!;
      if (
        order.symbol === symbol &&
        order.strategyName === strategyName &&
        (intent ?? order.intent) === order.intent
      ) {
        this.orders.splice(index, 1);
        this.version++;
      }
    }
  }

  /** The working order of `strategyName` on `symbol` with `intent`, if any. */
  find(symbol: string, strategyName: string, intent: 'open' | 'close'): WorkingOrder | undefined {
    return this.orders.find(
      ({ order }) =>
        order.symbol === symbol && order.strategyName === strategyName && order.intent === intent,
    );
  }

  /**
   * What `bar` of `symbol` does to its working orders, in the order they were accepted; the ones filled
   * or cancelled leave the book, limits not reached stay. Allocates nothing when no order is working.
   */
  take(symbol: string, bar: Candle): readonly WorkingOutcome[] {
    if (!this.holds(symbol)) return NOTHING;
    const outcomes: WorkingOutcome[] = [];
    const kept: WorkingOrder[] = [];
    for (const working of this.orders) {
      const outcome = working.order.symbol === symbol ? this.outcome(working, bar) : undefined;
      if (outcome === undefined) kept.push(working);
      else outcomes.push(outcome);
    }
    if (outcomes.length > 0) this.replace(kept);
    return outcomes;
  }

  /**
   * Whether an order of `symbol` is working. With many symbols the book holds other symbols' orders on most
   * bars (an order placed at one symbol's close waits for that symbol's next bar): a scan, not two lists.
   */
  private holds(symbol: string): boolean {
    const { orders } = this;
    for (let index = 0; index < orders.length; index++)
      if (orders[index]!.order.symbol === symbol) return true;
    return false;
  }

  private outcome(working: WorkingOrder, bar: Candle): WorkingOutcome | undefined {
    const { order, signal } = working;
    if (order.orderType !== 'limit' || signal.type !== 'EntrySignalEvent') {
      return { action: 'fill', working, referencePrice: bar.open, orderType: 'market' };
    }
    const limit = order.referencePrice;
    if (bar.time >= limitExpiry(signal, this.limitExpiryBars))
      return { action: 'cancel', working, reason: 'limit_expired' };
    const price = limitEntryPrice(signal.direction, limit, bar);
    return price === undefined
      ? undefined
      : { action: 'fill', working, referencePrice: price, orderType: 'limit' };
  }
}
