/**
 * Tells a candle seen for the first time from one seen again, per symbol by its time: candles replayed or
 * delivered again (at-least-once transports, a restarted producer) are the same candles. Per symbol, a record
 * changed in place: no map write per candle, and no lookup while the candles are of the symbol of the one
 * before (a backtest of one symbol).
 *
 * @example
 * ```ts
 * const distinct = new DistinctCandles();
 * distinct.isNew('EURUSD', 60_000); // true
 * distinct.isNew('EURUSD', 60_000); // false: the same candle again
 * ```
 */
export class DistinctCandles {
  private readonly lastBySymbol = new Map<string, { symbol: string; time: number }>();
  private previous: { symbol: string; time: number } | undefined;

  /** Whether the candle of `symbol` at `time` is later than every one seen of that symbol (and remembers it). */
  isNew(symbol: string, time: number): boolean {
    let last = this.previous !== undefined && this.previous.symbol === symbol ? this.previous : undefined;
    last ??= this.lastBySymbol.get(symbol);
    if (last === undefined) {
      last = { symbol, time: Number.NEGATIVE_INFINITY };
      this.lastBySymbol.set(symbol, last);
    }
    this.previous = last;
    if (time <= last.time) return false;
    last.time = time;
    return true;
  }
}
