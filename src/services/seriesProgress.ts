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
  private readonly bySymbol = new Map<string, Map<string, number>>();
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
    if (!byTimeframe.has(timeframe)) this.count++;
    byTimeframe.set(timeframe, time);
  }

  /** `[symbol, timeframe, time]` for every series, in the order they were first set. */
  *entries(): IterableIterator<[string, string, number]> {
    for (const [symbol, byTimeframe] of this.bySymbol) {
      for (const [timeframe, time] of byTimeframe) yield [symbol, timeframe, time];
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
