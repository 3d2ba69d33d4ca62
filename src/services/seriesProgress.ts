/** One series' last bar time, with its keys (so that the last one set can be recognised). */
interface SeriesTime {
  readonly symbol: string;
  readonly timeframe: string;
  time: number;
}

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
  private readonly bySymbol = new Map<string, Map<string, SeriesTime>>();
  private count = 0;
  /** The series set last: one symbol on one timeframe (most backtests) then costs no map read at all. */
  private last: SeriesTime | undefined;

  get size(): number {
    return this.count;
  }

  set(symbol: string, timeframe: string, time: number): void {
    const last = this.last;
    if (last !== undefined && last.symbol === symbol && last.timeframe === timeframe) {
      last.time = time;
      return;
    }
    let byTimeframe = this.bySymbol.get(symbol);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.bySymbol.set(symbol, byTimeframe);
    }
    let series = byTimeframe.get(timeframe);
    if (series !== undefined) series.time = time;
    else {
      series = { symbol, timeframe, time };
      byTimeframe.set(timeframe, series);
      this.count++;
    }
    this.last = series;
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
