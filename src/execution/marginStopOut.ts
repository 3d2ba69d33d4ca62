import type { Candle } from '../events/candle.js';
import type { Broker } from './broker.js';
import { roundToStep } from './paperPricing.js';
import { brokerPositionIndices } from './positionIndex.js';

/**
 * Where a margin call happens inside one bar: the price the positions of the symbol are closed at.
 *
 * @example
 * ```ts
 * const stopOut: MarginStopOut | undefined = marginStopOut(broker, 'EURUSD', bar, 50, 0.00001);
 * ```
 */
export interface MarginStopOut {
  price: number;
  /** The bar opened beyond the stop-out price: the positions close at the open. */
  gapped: boolean;
}

/** Bisection steps at most: a bar's range over a tick needs far fewer (2^40 ≈ 10^12 ticks). */
const MAX_STEPS = 40;

/**
 * Checks the margin level of the account (equity ÷ used margin, percent) inside one bar of `symbol`,
 * the way stops are checked: at the bar's adverse extreme — the low when the symbol's positions are long on
 * balance, the high when short — and, when that reaches the stop-out, at the open. When the level reaches `stopOutPercent` the
 * positions are closed where the market first got there: at the open when the bar opened beyond that
 * point (a gap), otherwise at the price where the level crossed the stop-out, found by bisection between
 * the open and the extreme and rounded to the nearest `tick`. Without ticks the path inside the bar is unknown; taking
 * the extreme is the reading a trader can rely on (as for a stop and a target touched in one bar).
 *
 * The account is valued at each trial price by marking the broker there, so the level is exactly the one
 * the broker books (spread, margin rate, currency conversion). The caller marks the close afterwards;
 * these marks are adverse to the net position, so they never raise the equity peak. Positions that
 * offset each other (no net direction) are left to the check at the close.
 *
 * @example
 * ```ts
 * const stopOut = marginStopOut(broker, 'EURUSD', bar, config.trading.stop_out_percent, profile.tickSize);
 * if (stopOut !== undefined) closeAll(stopOut.price);
 * broker.markToMarket('EURUSD', bar.close, bar.time);
 * ```
 */
export function marginStopOut(
  broker: Broker,
  symbol: string,
  bar: Candle,
  stopOutPercent: number,
  tick: number,
): MarginStopOut | undefined {
  let exposure = 0;
  const positions = broker.getPositions();
  // The broker's index of the symbol's positions when it keeps one (the paper broker); the same sum, in
  // the same order, as over the whole list.
  const indices = brokerPositionIndices(broker, symbol);
  const count = indices === undefined ? positions.length : indices.length;
  for (let next = 0; next < count; next++) {
    const position = positions[indices === undefined ? next : indices[next]!]!;
    if (position.symbol === symbol)
      exposure += position.direction === 'long' ? position.size : -position.size;
  }
  if (exposure === 0) return undefined;
  const extreme = exposure > 0 ? bar.low : bar.high;
  // The extreme first: on most bars it is the only price needed (the open is never worse than it). A broker
  // that can value a price without marking it answers the usual "not stopped" without a state per bar;
  // the caller's mark at the close leaves the account as the trial mark and that mark would have.
  const trial = (broker as Partial<TrialValuation>).valuationAt?.(symbol, extreme, bar.time);
  if (trial !== undefined && !belowStopOut(trial, stopOutPercent)) return undefined;
  if (!stoppedAt(broker, symbol, extreme, bar.time, stopOutPercent)) return undefined;
  if (stoppedAt(broker, symbol, bar.open, bar.time, stopOutPercent)) return { price: bar.open, gapped: true };
  // Invariant: the level is above the stop-out at `safe` and at or below it at `stopped`.
  let safe = bar.open;
  let stopped = extreme;
  for (let step = 0; step < MAX_STEPS && Math.abs(safe - stopped) > tick / 64; step++) {
    const middle = (safe + stopped) / 2;
    if (stoppedAt(broker, symbol, middle, bar.time, stopOutPercent)) stopped = middle;
    else safe = middle;
  }
  const rounded = roundToStep(stopped, tick);
  // Rounding must not move the price back to the safe side of the open, nor beyond the extreme.
  const price =
    exposure > 0
      ? Math.min(Math.max(rounded, extreme), bar.open)
      : Math.max(Math.min(rounded, extreme), bar.open);
  return { price, gapped: false };
}

/**
 * Whether marking `symbol` at `price` brings the margin level to the stop-out. A module function, not a
 * closure: it is asked on every bar with a position open in the symbol.
 */
function stoppedAt(
  broker: Broker,
  symbol: string,
  price: number,
  time: number,
  stopOutPercent: number,
): boolean {
  broker.markToMarket(symbol, price, time);
  return belowStopOut(broker.getAccount(), stopOutPercent);
}

/** Whether equity ÷ used margin is at or below the stop-out (percent). */
function belowStopOut(account: { equity: number; usedMargin?: number }, stopOutPercent: number): boolean {
  const used = account.usedMargin ?? 0;
  return used > 0 && (account.equity / used) * 100 <= stopOutPercent;
}

/** A broker that values a price without marking it (the paper broker). */
interface TrialValuation {
  valuationAt(
    symbol: string,
    price: number,
    time: number,
  ): { equity: number; usedMargin: number } | undefined;
}
