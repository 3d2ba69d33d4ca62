/** Bars whose prices are read for their decimals: enough to see the quoting step, few enough to stay O(1). */
const decimalsSampleBars = 200;
/** More decimals than this are float noise from arithmetic (0.30000000000000004), not a quoting step. */
const mostDecimals = 12;

/**
 * What a series of bars says about its prices, gathered as they come (nothing kept per bar): the lowest
 * low, the highest high, and the most decimals the first 200 bars are quoted with (read from the numbers,
 * so `1.2e-7` counts 8 decimals). What `priceScaleWarnings` compares with a symbol's instrument profile,
 * and how a coin's tick is told from its data (`dataTickSizes`).
 *
 * @example
 * ```ts
 * const range = PriceRange.of([{ open: 0.00001234, high: 0.0000125, low: 0.0000122, close: 0.00001241 }]);
 * range.low; // 0.0000122
 * range.decimals; // 8
 * ```
 */
export class PriceRange {
  low = Number.POSITIVE_INFINITY;
  high = 0;
  decimals = 0;
  bars = 0;
  /**
   * The first jump between neighbouring bars by a split's ratio (2:1, 4:1, 1:10, ... within 3 %):
   * a sign that prices are not split-adjusted. `from` is the earlier bar's price, `to` the later's.
   */
  splitLike: { time: number; from: number; to: number; ratio: string } | undefined;
  /** The previous bar's time, open and close, as numbers: this runs on every bar of a file's validating read. */
  private previousTime: number | undefined;
  private previousOpen: number | undefined;
  private previousClose: number | undefined;

  /** The range of `candles` (`open` and `close` are optional: a low and a high are a range). */
  static of(
    candles: ReadonlyArray<{ low: number; high: number; open?: number; close?: number; time?: number }>,
  ): PriceRange {
    const range = new PriceRange();
    for (const candle of candles) range.add(candle);
    return range;
  }

  add(candle: { low: number; high: number; open?: number; close?: number; time?: number }): void {
    if (candle.low < this.low) this.low = candle.low;
    if (candle.high > this.high) this.high = candle.high;
    if (this.bars < decimalsSampleBars) {
      const { open, high, low, close } = candle;
      this.decimals = Math.max(
        this.decimals,
        decimalsOf(low),
        decimalsOf(high),
        open === undefined ? 0 : decimalsOf(open),
        close === undefined ? 0 : decimalsOf(close),
      );
    }
    if (this.splitLike === undefined) this.splitLike = this.splitAfter(candle);
    this.previousTime = candle.time;
    this.previousOpen = candle.open;
    this.previousClose = candle.close;
    this.bars += 1;
  }

  /** A split-sized gap between the previous bar and `bar`, in either order (files may go newest first). */
  private splitAfter(bar: { time?: number; open?: number; close?: number }): PriceRange['splitLike'] {
    const before = this.previousTime;
    if (before === undefined || bar.time === undefined) return undefined;
    const forward = before < bar.time;
    const from = forward ? this.previousClose : bar.close;
    const to = forward ? bar.open : this.previousOpen;
    if (from === undefined || to === undefined) return undefined;
    const ratio = splitRatio(from, to);
    return ratio === undefined ? undefined : { time: forward ? bar.time : before, from, to, ratio };
  }
}

/**
 * Splits and reverse splits companies do: 2:1 ... 10:1, 15:1, 20:1, 25:1, 50:1, 100:1 (not 3:2: an
 * overnight fall of a third is also what a bad quarter does).
 */
const splitFactors = [2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 50, 100];
/** The smallest ratio {@link splitRatio} can match: 2 less 3 %. */
const smallestSplit = 2 * 0.97;

/** `'4:1'` when `from` → `to` is a split by a common factor (within 3 %), `'1:10'` for a reverse one. */
function splitRatio(from: number, to: number): string | undefined {
  const down = from / to;
  // Most neighbouring bars are nowhere near a split: no search.
  if (down < smallestSplit && down > 1 / smallestSplit) return undefined;
  const factor = splitFactors.find((each) => Math.abs((down >= 1 ? down : 1 / down) / each - 1) <= 0.03);
  if (factor === undefined) return undefined;
  return down >= 1 ? `${factor}:1` : `1:${factor}`;
}

/** Decimals of `value` as JavaScript writes it, exponent included (`1.25e-7`: 9), at most 12. */
export function decimalsOf(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) return 0;
  const decimals = (match[1]?.length ?? 0) - Number(match[2] ?? 0);
  return Math.min(mostDecimals, Math.max(0, decimals));
}
