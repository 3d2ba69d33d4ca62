import type { Candle } from '../events/candle.js';

/**
 * Decides which closed candles are new, following the specification's `candle_index` (1 = the last closed
 * candle, 2 = the one before it, ...) and `nbr_bars` (how many closed bars each fetch passes in).
 *
 * With `bars` = the last `nbr_bars` closed bars (oldest first), the candidate is
 * `bars[bars.length - candleIndex]`. `detect` returns every candle newer than the last one reported for
 * (symbol, timeframe), up to and including the candidate, oldest first: several candles that closed
 * between two fetches are all reported, in order, and none twice. On the first call for a
 * (symbol, timeframe) only the candidate is reported; the older bars are history, not news.
 * Candles that closed between two fetches but no longer fit in `bars` cannot be seen: pass at least
 * (candles that can close between fetches + candleIndex) bars.
 *
 * @example
 * ```ts
 * declare const b1: Candle, b2: Candle, b3: Candle, b4: Candle; // consecutive closed bars
 * const detector = new NewCandleDetector(1);
 * detector.detect('EURUSD', '1', [b1, b2, b3]); // [b3]
 * detector.detect('EURUSD', '1', [b2, b3, b4]); // [b4]
 * detector.detect('EURUSD', '1', [b2, b3, b4]); // [] (nothing new)
 * ```
 */
export class NewCandleDetector {
  /**
   * Symbol → timeframe → the series' record of the last candle reported (nested: no key string per call).
   * A record changed in place, not a number set again: `Map.set` of a new time boxed a number per bar.
   */
  private readonly lastReported = new Map<string, Map<string, ReportedSeries>>();
  /** The series of the last call: a backtest of one symbol and timeframe then looks up no map per bar. */
  private lastSymbol: string | undefined;
  private lastTimeframe: string | undefined;
  private lastSeries: ReportedSeries | undefined;

  constructor(readonly candleIndex: number) {
    if (!Number.isInteger(candleIndex) || candleIndex < 1) {
      throw new RangeError(
        `candleIndex must be an integer >= 1 (1 = last closed candle), got ${candleIndex}`,
      );
    }
  }

  /** Closed candles not seen before, oldest first (candle_index 1 = last closed). */
  detect(symbol: string, timeframe: string, bars: readonly Candle[]): Candle[] {
    const first = this.firstNew(symbol, timeframe, bars);
    return first < 0 ? [] : bars.slice(first, bars.length - this.candleIndex + 1);
  }

  /**
   * {@link detect} without the array: the index in `bars` of the first new candle (the new ones run from
   * there to `bars.length - candleIndex`), or -1 when there is none. Records them as reported, as `detect`
   * does. For a caller that runs once per bar and only iterates them.
   *
   * @example
   * ```ts
   * declare const bars: Candle[];
   * const detector = new NewCandleDetector(1);
   * const first = detector.firstNew('EURUSD', '1', bars);
   * for (let index = first; first >= 0 && index <= bars.length - detector.candleIndex; index++) use(bars[index]!);
   * ```
   */
  firstNew(symbol: string, timeframe: string, bars: readonly Candle[]): number {
    const candidateIndex = bars.length - this.candleIndex;
    const candidate = bars[candidateIndex];
    if (candidate === undefined) return -1;
    const series = this.seriesOf(symbol, timeframe);
    if (series === undefined) {
      this.report(symbol, timeframe, candidate.time);
      return candidateIndex;
    }
    const last = series.time;
    if (candidate.time <= last) return -1;
    series.time = candidate.time;
    let first = candidateIndex;
    while (first > 0 && bars[first - 1]!.time > last) first -= 1;
    return first;
  }

  /** Forgets what was reported: for one symbol (all its timeframes), or for everything. */
  reset(symbol?: string): void {
    if (symbol === undefined) this.lastReported.clear();
    else this.lastReported.delete(symbol);
    this.lastSeries = undefined;
    this.lastSymbol = undefined;
    this.lastTimeframe = undefined;
  }

  /** The record of (symbol, timeframe), undefined before its first report; the last one found first. */
  private seriesOf(symbol: string, timeframe: string): ReportedSeries | undefined {
    if (this.lastSeries !== undefined && symbol === this.lastSymbol && timeframe === this.lastTimeframe)
      return this.lastSeries;
    const series = this.lastReported.get(symbol)?.get(timeframe);
    if (series !== undefined) this.remember(symbol, timeframe, series);
    return series;
  }

  /** The first report of (symbol, timeframe): its record, created. */
  private report(symbol: string, timeframe: string, time: number): void {
    let byTimeframe = this.lastReported.get(symbol);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.lastReported.set(symbol, byTimeframe);
    }
    const series: ReportedSeries = { time };
    byTimeframe.set(timeframe, series);
    this.remember(symbol, timeframe, series);
  }

  private remember(symbol: string, timeframe: string, series: ReportedSeries): void {
    this.lastSymbol = symbol;
    this.lastTimeframe = timeframe;
    this.lastSeries = series;
  }
}

/** Open time of the last candle reported for one (symbol, timeframe). */
interface ReportedSeries {
  time: number;
}
