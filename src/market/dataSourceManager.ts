import type { Candle } from '../events/candle.js';
import type { DataSource } from './dataSource.js';
import { InvalidBarError } from './invalidBarError.js';
import { InvalidTimeframeError } from './invalidTimeframeError.js';
import { TimeframeAggregator } from './timeframeAggregator.js';
import { timeframeToMilliseconds } from './timeframeToMilliseconds.js';

/**
 * Closed bars kept per (symbol, timeframe) unless told otherwise: what indicators warm up from after a restart.
 *
 * @example
 * ```ts
 * new DataSourceManager(source, { timeframes: ['1'], baseTimeframe: '1' }).historyLimit === defaultHistoryLimit; // true
 * ```
 */
export const defaultHistoryLimit = 500;

/**
 * Options of {@link DataSourceManager}.
 *
 * @example
 * ```ts
 * const source = new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
 * const manager = new DataSourceManager(source, { timeframes: ['1', '5', '60'], baseTimeframe: '1' });
 * ```
 */
export interface DataSourceManagerOptions {
  /** Timeframes served, in minutes ("1", "5", "60", "1440"); each a multiple of the base timeframe. */
  timeframes: string[];
  /** Minutes per bar of the source. Always served, even when not listed in `timeframes`. */
  baseTimeframe: string;
  /** Closed bars kept per (symbol, timeframe); default {@link defaultHistoryLimit}. */
  historyLimit?: number;
}

interface SymbolSeries {
  lastTime: number;
  aggregators: TimeframeAggregator[];
}

/**
 * The specification's `DataSourceManager`: pulls closed base bars from a {@link DataSource}, builds every
 * configured higher timeframe from them incrementally, and answers `getStreamData` (the last N closed
 * bars plus the forming one). Memory is bounded: a ring of `historyLimit` closed bars per
 * (symbol, timeframe).
 *
 * @example
 * ```ts
 * const manager = new DataSourceManager(new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 }), {
 *   timeframes: ['1', '5', '60'],
 *   baseTimeframe: '1',
 * });
 * await manager.poll('EURUSD', 120);
 * const { bars, forming } = manager.getStreamData('EURUSD', '5', 3);
 * ```
 */
export class DataSourceManager {
  readonly timeframes: readonly string[];
  readonly baseTimeframe: string;
  readonly historyLimit: number;
  private readonly baseMs: number;
  private readonly timeframeMs: number[];
  private readonly timeframeIndex = new Map<string, number>();
  private readonly symbols = new Map<string, SymbolSeries>();
  /**
   * The aggregator found last and its (symbol, timeframe): a fetch per bar of one series then looks up no
   * map. Safe to keep: a symbol's aggregators, once created, are never replaced.
   */
  private lastSymbol: string | undefined;
  private lastTimeframe: string | undefined;
  private lastAggregator: TimeframeAggregator | undefined;
  /** Polls in flight per symbol: a second poll waits for the first so bars never interleave. */
  private accepted = 0;
  private readonly inFlight = new Map<string, Promise<number>>();

  constructor(
    readonly source: DataSource,
    options: DataSourceManagerOptions,
  ) {
    this.baseTimeframe = options.baseTimeframe;
    this.baseMs = timeframeToMilliseconds(options.baseTimeframe);
    this.historyLimit = options.historyLimit ?? defaultHistoryLimit;
    if (!Number.isInteger(this.historyLimit) || this.historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${options.historyLimit}`);
    }
    const timeframes = [
      options.baseTimeframe,
      ...options.timeframes.filter((tf) => tf !== options.baseTimeframe),
    ];
    this.timeframeMs = [];
    for (const timeframe of timeframes) {
      if (this.timeframeIndex.has(timeframe)) continue;
      const milliseconds = timeframeToMilliseconds(timeframe);
      if (milliseconds % this.baseMs !== 0) {
        throw new InvalidTimeframeError(
          timeframe,
          `not a whole multiple of the base timeframe "${options.baseTimeframe}", so it cannot be built from its bars`,
        );
      }
      this.timeframeIndex.set(timeframe, this.timeframeMs.length);
      this.timeframeMs.push(milliseconds);
    }
    this.timeframes = [...this.timeframeIndex.keys()];
  }

  /** Pulls up to `maxBars` base bars now available from the source (default 1); returns how many were added. */
  poll(symbol: string, maxBars = 1): Promise<number> {
    const previous = this.inFlight.get(symbol);
    if (previous !== undefined) {
      const run = () => this.pull(symbol, maxBars);
      const queued = previous.then(run, run);
      this.track(symbol, queued);
      return queued;
    }
    try {
      const result = this.pull(symbol, maxBars);
      if (typeof result === 'number') return Promise.resolve(result);
      this.track(symbol, result);
      return result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `poll` without the promise when the source answers synchronously (replays, the synthetic feed): the
   * number of bars added, or a promise when the source is asynchronous or a poll of `symbol` is still in
   * flight. Throws (instead of rejecting) what the source throws. A backtest polls once per bar: this is
   * its hot path.
   */
  pollNow(symbol: string, maxBars = 1): number | Promise<number> {
    if (this.inFlight.has(symbol)) return this.poll(symbol, maxBars);
    const result = this.pull(symbol, maxBars);
    if (typeof result !== 'number') this.track(symbol, result);
    return result;
  }

  /** The specification's get_stream_data: last `nbrBars` CLOSED bars of `timeframe` (oldest first) plus the forming one, if any. */
  getStreamData(symbol: string, timeframe: string, nbrBars: number): { bars: Candle[]; forming?: Candle } {
    const aggregator = this.aggregator(symbol, timeframe);
    if (aggregator === undefined) return { bars: [] };
    const bars = aggregator.closed.last(nbrBars);
    const forming = aggregator.forming;
    return forming === undefined ? { bars } : { bars, forming: { ...forming } };
  }

  /** The last `count` closed bars of a timeframe, oldest first (each fetch; warm-up after a restart). */
  recentBars(symbol: string, timeframe: string, count: number): Candle[] {
    return this.aggregator(symbol, timeframe)?.closed.last(count) ?? [];
  }

  /** Open time of the last base bar accepted for `symbol`, or undefined before the first. */
  lastTime(symbol: string): number | undefined {
    const series = this.symbols.get(symbol);
    return series === undefined || series.lastTime === Number.NEGATIVE_INFINITY ? undefined : series.lastTime;
  }

  /** True when the source has ended for `symbol` (a replay is finished). */
  /** Base bars accepted so far, over every symbol. */
  get acceptedBars(): number {
    return this.accepted;
  }

  isExhausted(symbol: string): boolean {
    return this.source.isExhausted(symbol);
  }

  /** Closes the source, if it has anything to release. */
  async close(): Promise<void> {
    await this.source.close?.();
  }

  /**
   * Pulls synchronously while the source answers synchronously (replays, synthetic: no promise, no
   * microtask per bar) and continues asynchronously from the first promise it gets.
   */
  private pull(symbol: string, maxBars: number): number | Promise<number> {
    const series = this.series(symbol);
    let added = 0;
    while (added < maxBars) {
      const result = this.source.next(symbol);
      if (result === undefined) break;
      if (typeof (result as PromiseLike<Candle | undefined>).then === 'function') {
        return this.pullAsync(symbol, series, maxBars, added, result as Promise<Candle | undefined>);
      }
      this.accept(symbol, series, result as Candle);
      added += 1;
    }
    return added;
  }

  private async pullAsync(
    symbol: string,
    series: SymbolSeries,
    maxBars: number,
    added: number,
    pending: Promise<Candle | undefined>,
  ): Promise<number> {
    let bar = await pending;
    while (bar !== undefined) {
      this.accept(symbol, series, bar);
      added += 1;
      if (added >= maxBars) break;
      bar = await this.source.next(symbol);
    }
    return added;
  }

  /** Remembers an asynchronous poll so that the next poll of the symbol waits for it. */
  private track(symbol: string, poll: Promise<number>): void {
    this.inFlight.set(symbol, poll);
    const clear = () => {
      if (this.inFlight.get(symbol) === poll) this.inFlight.delete(symbol);
    };
    poll.then(clear, clear);
  }

  private accept(symbol: string, series: SymbolSeries, bar: Candle): void {
    if (!(bar.high >= bar.low && bar.high >= bar.open && bar.high >= bar.close)) {
      throw new InvalidBarError(
        this.source.name,
        symbol,
        bar.time,
        'high is below low, open or close (or NaN)',
      );
    }
    if (!(bar.low <= bar.open && bar.low <= bar.close && bar.volume >= 0 && Number.isFinite(bar.time))) {
      throw new InvalidBarError(
        this.source.name,
        symbol,
        bar.time,
        'low above open/close, negative volume or bad time',
      );
    }
    if (bar.time - series.lastTime < this.baseMs) {
      const reason =
        bar.time <= series.lastTime
          ? `not after the previous bar at ${new Date(series.lastTime).toISOString()} (out of order or duplicate)`
          : `less than one base timeframe ("${this.baseTimeframe}" minutes) after the previous bar; is the base timeframe right?`;
      throw new InvalidBarError(this.source.name, symbol, bar.time, reason);
    }
    series.lastTime = bar.time;
    this.accepted += 1;
    const aggregators = series.aggregators;
    for (let index = 0; index < aggregators.length; index += 1) aggregators[index]!.add(bar);
  }

  private series(symbol: string): SymbolSeries {
    let series = this.symbols.get(symbol);
    if (series === undefined) {
      series = {
        lastTime: Number.NEGATIVE_INFINITY,
        aggregators: this.timeframes.map(
          (timeframe, index) =>
            new TimeframeAggregator(timeframe, this.timeframeMs[index]!, this.baseMs, this.historyLimit),
        ),
      };
      this.symbols.set(symbol, series);
    }
    return series;
  }

  private aggregator(symbol: string, timeframe: string): TimeframeAggregator | undefined {
    if (this.lastAggregator !== undefined && symbol === this.lastSymbol && timeframe === this.lastTimeframe)
      return this.lastAggregator;
    const index = this.timeframeIndex.get(timeframe);
    if (index === undefined) {
      throw new InvalidTimeframeError(
        timeframe,
        `not configured (configured: ${this.timeframes.join(', ')})`,
      );
    }
    const aggregator = this.symbols.get(symbol)?.aggregators[index];
    if (aggregator !== undefined) {
      this.lastSymbol = symbol;
      this.lastTimeframe = timeframe;
      this.lastAggregator = aggregator;
    }
    return aggregator;
  }
}
