import type { Direction, ExitReason } from '../events/tradingEvents.js';
import type { Fill } from './broker.js';

/**
 * One closed round trip: a position opened and closed. Money in account currency.
 *
 * @example
 * ```ts
 * for (const trip of system.roundTrips()) console.log(trip.strategy, trip.direction, trip.entry_price, trip.exit_price);
 * ```
 */
export interface RoundTrip {
  symbol: string;
  strategy: string;
  direction: Direction;
  size: number;
  entry_time: number;
  entry_price: number;
  exit_time: number;
  exit_price: number;
  /** Price PnL before commissions. */
  gross_pnl: number;
  /** Commission of both legs. */
  commission: number;
  /** gross_pnl - commission. */
  net_pnl: number;
  exit_reason: ExitReason | string;
}

const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * Pairs each closing fill with the opening fill of the same symbol and strategy. Gross PnL is the broker's
 * realized PnL of the close; commission is both legs', so `net_pnl` is exactly what the balance moved.
 *
 * @example
 * ```ts
 * const trips = fillsToRoundTrips(broker.getFills(), exitReasons);
 * ```
 */
export function fillsToRoundTrips(
  fills: readonly Fill[],
  exitReasons: ReadonlyMap<string, string> = new Map(),
): RoundTrip[] {
  const open = new Map<string, Fill>();
  const trips: RoundTrip[] = [];
  for (const fill of fills) {
    const key = `${fill.symbol}\u0000${fill.strategyName}`;
    if (fill.intent === 'open') {
      open.set(key, fill);
      continue;
    }
    const entry = open.get(key);
    if (!entry) continue;
    open.delete(key);
    const gross = cents(fill.realizedPnl ?? 0);
    const commission = cents(entry.commission + fill.commission);
    trips.push({
      symbol: fill.symbol,
      strategy: fill.strategyName,
      direction: entry.direction,
      size: entry.size,
      entry_time: entry.time,
      entry_price: entry.price,
      exit_time: fill.time,
      exit_price: fill.price,
      gross_pnl: gross,
      commission,
      net_pnl: cents(gross - commission),
      exit_reason: exitReasons.get(fill.clientOrderId) ?? fill.reason ?? 'unknown',
    });
  }
  return trips;
}
