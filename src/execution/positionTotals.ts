import type { Position } from './broker.js';

/**
 * The sums a valuation needs over a list of open positions, in whole cents, and where each symbol's
 * positions sit in the list: a mark then touches only its symbol's positions instead of summing them all.
 *
 * Exact, not approximate: every booked amount is a whole number of cents (see `roundCents`), so a sum in
 * integer cents is exact, and `roundCents` of the floating-point sum in list order is that same integer
 * divided by 100 while the float error stays far below half a cent. Lists where this cannot be shown (an
 * amount that is not whole cents, too many positions or too large amounts) have no totals: the caller
 * sums in list order as before.
 *
 * @example
 * ```ts
 * const totals = PositionTotals.of(state.positions);
 * if (totals !== undefined) {
 *   const unrealizedPnl = totals.unrealizedCents / 100; // === roundCents(Σ unrealizedPnl in list order)
 *   for (const index of totals.indicesOf('EURUSD')) console.log(state.positions[index]);
 * }
 * ```
 */
export class PositionTotals {
  private constructor(
    /** Σ unrealized PnL, in cents. */
    public unrealizedCents: number,
    /** Σ margin, in cents. */
    public marginCents: number,
    /** Σ of both in absolute value, in cents: bounds the float error of the sums they stand for. */
    public absoluteCents: number,
    private readonly bySymbol: ReadonlyMap<string, readonly number[]>,
  ) {}

  /** The totals of `positions` (computed once per list), or undefined when they would not be exact. */
  static of(positions: readonly Position[]): PositionTotals | undefined {
    // A candle asks several times for the same list: the last answer spares the WeakMap lookups.
    if (positions === lastList) return lastTotals ?? undefined;
    let totals = known.get(positions);
    if (totals === undefined) {
      totals = PositionTotals.count(positions) ?? null;
      known.set(positions, totals);
    }
    lastList = positions;
    lastTotals = totals;
    return totals ?? undefined;
  }

  private static count(positions: readonly Position[]): PositionTotals | undefined {
    if (positions.length > MAX_POSITIONS) return undefined;
    let unrealized = 0;
    let margin = 0;
    let absolute = 0;
    const bySymbol = new Map<string, number[]>();
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index]!;
      const positionUnrealized = wholeCents(position.unrealizedPnl);
      const positionMargin = wholeCents(position.margin ?? 0);
      if (positionUnrealized === undefined || positionMargin === undefined) return undefined;
      unrealized += positionUnrealized;
      margin += positionMargin;
      absolute += Math.abs(positionUnrealized) + Math.abs(positionMargin);
      const indices = bySymbol.get(position.symbol);
      if (indices === undefined) bySymbol.set(position.symbol, [index]);
      else indices.push(index);
    }
    if (absolute > MAX_ABSOLUTE_CENTS) return undefined;
    return new PositionTotals(unrealized, margin, absolute, bySymbol);
  }

  /** Indices of the positions in `symbol`, in list order. */
  indicesOf(symbol: string): readonly number[] {
    return this.bySymbol.get(symbol) ?? NONE;
  }

  /**
   * A copy of the sums to try changes on with {@link PositionTotals.shift}, recording nothing: what
   * {@link update} would leave, without building the changed list.
   */
  trial(): TotalsTrial {
    return {
      unrealizedCents: this.unrealizedCents,
      marginCents: this.marginCents,
      absoluteCents: this.absoluteCents,
    };
  }

  /**
   * Records that a position went from `before` to `unrealizedPnl` and `margin` (account currency), in
   * `positions`: the same list changed in place, or a copy of the list these
   * totals are of. False when the sums would no longer be exact (the caller then sums the list itself).
   */
  update(
    positions: readonly Position[],
    before: Pick<Position, 'unrealizedPnl' | 'margin'>,
    unrealizedPnl: number,
    margin: number,
  ): boolean {
    let totals = known.get(positions);
    if (totals === null) return false;
    if (totals === undefined) {
      totals = new PositionTotals(this.unrealizedCents, this.marginCents, this.absoluteCents, this.bySymbol);
      remember(positions, totals);
    }
    if (PositionTotals.shift(totals, before, unrealizedPnl, margin)) return true;
    remember(positions, null);
    return false;
  }

  /**
   * Applies to `sums` a position going from `before` to `unrealizedPnl` and `margin`; false when the sums
   * would no longer be exact (an amount that is not whole cents, or too large in all).
   */
  static shift(
    sums: TotalsTrial,
    before: Pick<Position, 'unrealizedPnl' | 'margin'>,
    unrealizedPnl: number,
    margin: number,
  ): boolean {
    const unrealizedBefore = wholeCents(before.unrealizedPnl);
    const marginBefore = wholeCents(before.margin ?? 0);
    const unrealizedAfter = wholeCents(unrealizedPnl);
    const marginAfter = wholeCents(margin);
    if (
      unrealizedBefore === undefined ||
      marginBefore === undefined ||
      unrealizedAfter === undefined ||
      marginAfter === undefined
    )
      return false;
    sums.unrealizedCents += unrealizedAfter - unrealizedBefore;
    sums.marginCents += marginAfter - marginBefore;
    sums.absoluteCents +=
      Math.abs(unrealizedAfter) + Math.abs(marginAfter) - Math.abs(unrealizedBefore) - Math.abs(marginBefore);
    return sums.absoluteCents <= MAX_ABSOLUTE_CENTS;
  }
}

/** Sums in cents being tried (see {@link PositionTotals.trial}). */
export interface TotalsTrial {
  unrealizedCents: number;
  marginCents: number;
  absoluteCents: number;
}

/*
 * Bounds of exactness: summing n amounts in floating point errs by at most about 2·n·2⁻⁵³ of the sum of
 * their absolute values (including each amount's own distance from its decimal value). With n ≤ 1000 and
 * that sum ≤ 2⁴⁰ cents (about 11 billion), the error stays under a quarter of a cent, so rounding the
 * float sum to cents gives the integer sum.
 */
const MAX_POSITIONS = 1_000;
const MAX_ABSOLUTE_CENTS = 2 ** 40;
const NONE: readonly number[] = Object.freeze([]);

/** Totals by list; null for a list whose sums cannot be kept exactly. Lists are never resized in place. */
const known = new WeakMap<readonly Position[], PositionTotals | null>();

let lastList: readonly Position[] | undefined;
let lastTotals: PositionTotals | null = null;

function remember(positions: readonly Position[], totals: PositionTotals | null): void {
  known.set(positions, totals);
  if (positions === lastList) lastTotals = totals;
}

/** `amount` in cents when it is a whole number of cents (as every booked amount is), else undefined. */
function wholeCents(amount: number): number | undefined {
  const cents = Math.round(amount * 100);
  return cents / 100 === amount ? cents : undefined;
}
