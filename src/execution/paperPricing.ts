import type { Position } from './broker.js';

/**
 * Pricing parameters derived once from the `trading` config.
 *
 * @example
 * ```ts
 * const pricing: PaperPricing = { halfSpread: 0.00004, contractSize: 100_000, priceStep: 0.00001 };
 * ```
 */
export interface PaperPricing {
  /** Half the spread, in price units. */
  halfSpread: number;
  /** Units per lot. */
  contractSize: number;
  /** Prices are rounded to this step (the instrument's tick). */
  priceStep: number;
  /** Quote → account currency rate at `time` when the symbol is at `price` (default 1: quoted in account currency). */
  rate?: (price: number, marks: Readonly<Record<string, number>>, time: number) => number;
  /** Margin as a fraction of the position's value (default 0: no margin kept). */
  marginRate?: number;
}

const DAY_MS = 86_400_000;

/** Rounds money to cents, half away from zero; never returns −0. */
export function roundCents(amount: number): number {
  // The 1e-7 nudge moves values like 0.125 stored as 0.12499999999 to the side a person would round to.
  const rounded = (Math.sign(amount) * Math.round(Math.abs(amount) * 100 + 1e-7)) / 100;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Rounds `price` to a multiple of `step`, as the shortest decimal (1.10006, not 1.1000600000000001):
 * an integer divided by the integer `1 / step` is the double nearest the decimal. No `toFixed` here: this
 * runs for every position on every candle.
 */
export function roundToStep(price: number, step: number): number {
  const inverse = 1 / step;
  const scale = Math.abs(inverse - Math.round(inverse)) < 1e-6 ? Math.round(inverse) : inverse;
  return Math.round(price * scale) / scale;
}

/** Epoch milliseconds of the UTC midnight at or before `time`. */
export function utcDayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

/** +1 for long, −1 for short. */
export function directionSign(direction: Position['direction']): 1 | -1 {
  return direction === 'long' ? 1 : -1;
}

/**
 * Gross PnL of `size` lots moved from `entry` to `exit`, in cents of the account currency: the price
 * difference is in the quote currency, and `rate` (quote → account, at the moment of the exit) converts it.
 */
export function pricePnl(
  direction: Position['direction'],
  entry: number,
  exit: number,
  size: number,
  contractSize: number,
  rate = 1,
): number {
  return roundCents((exit - entry) * size * contractSize * directionSign(direction) * rate);
}

/** Margin `size` lots tie up at `price`, in account currency (value × margin rate). */
export function positionMargin(size: number, price: number, pricing: PaperPricing, rate: number): number {
  return roundCents(size * pricing.contractSize * price * (pricing.marginRate ?? 0) * rate);
}

/** The price a position would exit at if closed at `mark`: the bid for a long, the ask for a short. */
export function exitSidePrice(direction: Position['direction'], mark: number, pricing: PaperPricing): number {
  return roundToStep(mark - directionSign(direction) * pricing.halfSpread, pricing.priceStep);
}
