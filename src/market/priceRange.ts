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

  /** The range of `candles` (`open` and `close` are optional: a low and a high are a range). */
  static of(
    candles: ReadonlyArray<{ low: number; high: number; open?: number; close?: number }>,
  ): PriceRange {
    const range = new PriceRange();
    for (const candle of candles) range.add(candle);
    return range;
  }

  add(candle: { low: number; high: number; open?: number; close?: number }): void {
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
    this.bars += 1;
  }
}

/** Decimals of `value` as JavaScript writes it, exponent included (`1.25e-7`: 9), at most 12. */
export function decimalsOf(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) return 0;
  const decimals = (match[1]?.length ?? 0) - Number(match[2] ?? 0);
  return Math.min(mostDecimals, Math.max(0, decimals));
}
