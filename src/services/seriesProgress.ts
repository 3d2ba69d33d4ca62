/**
 * The last bar time handled per symbol and timeframe, without building a `symbol|timeframe` string per bar
 * (nested maps); saved and restored as `{ "symbol|timeframe": time }`, the checkpoint format.
 *
 * @example
 * ```ts
 * const progress = new SeriesProgress();
 * progress.set('EURUSD', '5', Date.parse('2025-01-06T10:05:00Z'));
 * progress.toRecord(); // { 'EURUSD|5': 1736157900000 }
 * ```
 */
export class SeriesProgress {
  /** A record per series, updated in place: a candle costs two map reads, no map write. */
  private readonly bySymbol = new Map<string, Map<string, { time: number }>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(symbol: string, timeframe: string, time: number): void {
    let byTimeframe = this.bySymbol.get(symbol);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.bySymbol.set(symbol, byTimeframe);
    }
    const series = byTimeframe.get(timeframe);
    if (series !== undefined) {
      series.time = time;
      return;
    }
    byTimeframe.set(timeframe, { time });
    this.count++;
  }

  /** `[symbol, timeframe, time]` for every series, in the order they were first set. */
  *entries(): IterableIterator<[string, string, number]> {
    for (const [symbol, byTimeframe] of this.bySymbol) {
      for (const [timeframe, series] of byTimeframe) yield [symbol, timeframe, series.time];
    }
  }

  toRecord(): Record<string, number> {
    const record: Record<string, number> = {};
    for (const [symbol, timeframe, time] of this.entries()) record[`${symbol}|${timeframe}`] = time;
    return record;
  }

  restore(record: Readonly<Record<string, number>>): void {
    for (const [key, time] of Object.entries(record)) {
      const separator = key.lastIndexOf('|');
      this.set(key.slice(0, separator), key.slice(separator + 1), time);
    }
  }
}
