import type { SystemConfig } from '../config/systemConfig.js';
import { backoffDelay } from '../machines/supervisionPolicy.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import { NewCandleDetector } from '../market/newCandleDetector.js';
import { DataFetchError } from './dataFetchError.js';
import { type LevelsOn, levelsOn, type ServiceIo } from './serviceIo.js';

export interface DataFetchingOptions {
  manager: DataSourceManager;
  symbols: readonly string[];
  timeframes: readonly string[];
  config: SystemConfig['services']['data_fetching'];
  /** Waits between retries; immediate in backtests so simulated time is not stalled. */
  sleep: (milliseconds: number) => Promise<void>;
}

/**
 * The specification's DataFetchingService: each trading cycle it polls the data source, publishes a
 * `DataFetchedEvent` per symbol and timeframe, and a `NewCandleEvent` for every newly closed candle.
 *
 * @example
 * ```ts
 * const service = new DataFetchingService(io, { manager, symbols: ['EURUSD'], timeframes: ['1', '5'], config, sleep });
 * await service.fetchStreamingData();
 * ```
 */
export class DataFetchingService {
  private readonly detector: NewCandleDetector;
  private readonly counters = { data_fetches: 0, new_candles_detected: 0, fetch_errors: 0 };
  /** Open time of the last candle reported, by symbol and timeframe index (NaN before the first). */
  private readonly lastTimes: number[][];
  /** `symbol|timeframe` by symbol and timeframe index, built once: the fetch loops run by index. */
  private readonly seriesKeys: string[][];
  private readonly logs: LevelsOn;

  constructor(
    private readonly io: ServiceIo,
    private readonly options: DataFetchingOptions,
  ) {
    this.detector = new NewCandleDetector(options.config.candle_index);
    this.logs = levelsOn(io.logger);
    this.seriesKeys = options.symbols.map((symbol) =>
      options.timeframes.map((timeframe) => `${symbol}|${timeframe}`),
    );
    this.lastTimes = options.symbols.map(() => options.timeframes.map(() => Number.NaN));
  }

  /** True when a replayed feed has no more bars for any symbol. */
  isExhausted(): boolean {
    return this.options.symbols.every((symbol) => this.options.manager.isExhausted(symbol));
  }

  /** One fetch for every symbol and timeframe: the specification's `fetch_streaming_data()`. */
  fetchStreamingData(): Promise<number> {
    try {
      return Promise.resolve(this.fetch());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * {@link fetchStreamingData} without a promise when every poll answers synchronously (replays, the
   * synthetic feed): the number of new candles, or a promise once a poll is asynchronous or fails.
   */
  fetch(): number | Promise<number> {
    // Replays and the synthetic feed answer synchronously: then the whole fetch runs without a promise per
    // symbol (a backtest fetches once per bar). The first poll that is asynchronous, or that fails, hands
    // over to the retrying path for that symbol and the ones after it.
    const { symbols } = this.options;
    let newCandles = 0;
    for (let index = 0; index < symbols.length; index++) {
      const symbol = symbols[index]!;
      let added: number | Promise<number>;
      try {
        added = this.options.manager.pollNow(symbol, 1);
      } catch (error) {
        added = Promise.reject(error);
      }
      if (typeof added !== 'number') return this.fetchFrom(index, newCandles, added);
      newCandles += this.publishSymbol(index, added);
    }
    return newCandles;
  }

  /** The rest of a fetch from the symbol at `from`, whose first poll (`pending`) is already under way. */
  private async fetchFrom(from: number, newCandles: number, pending: Promise<number>): Promise<number> {
    const { symbols } = this.options;
    let total = newCandles;
    for (let index = from; index < symbols.length; index++) {
      const symbol = symbols[index]!;
      const added = await this.pollWithRetries(symbol, index === from ? pending : undefined);
      total += this.publishSymbol(index, added);
    }
    return total;
  }

  private publishSymbol(symbolIndex: number, added: number): number {
    if (added === 0) return 0;
    const timeframes = this.options.timeframes;
    let newCandles = 0;
    for (let index = 0; index < timeframes.length; index++)
      newCandles += this.publishTimeframe(symbolIndex, index);
    return newCandles;
  }

  private async pollWithRetries(symbol: string, first?: Promise<number>): Promise<number> {
    const { retry_attempts: retries, retry_backoff_ms: backoff } = this.options.config;
    for (let attempt = 0; ; attempt++) {
      try {
        return await (attempt === 0 && first !== undefined ? first : this.options.manager.poll(symbol, 1));
      } catch (error) {
        this.counters.fetch_errors++;
        this.io.logger.warn({ symbol, attempt: attempt + 1, err: error }, `Fetch failed for ${symbol}`);
        if (attempt >= retries) throw new DataFetchError(symbol, attempt + 1, error);
        await this.options.sleep(backoffDelay(attempt, backoff, Number.POSITIVE_INFINITY));
      }
    }
  }

  private publishTimeframe(symbolIndex: number, timeframeIndex: number): number {
    const symbol = this.options.symbols[symbolIndex]!;
    const timeframe = this.options.timeframes[timeframeIndex]!;
    // The closed bars alone (getStreamData's answer without its wrapper and its copy of the forming bar,
    // which nothing here reads): this runs per timeframe per bar.
    const bars = this.options.manager.recentBars(symbol, timeframe, this.options.config.nbr_bars);
    this.counters.data_fetches++;
    // Guarded: this runs per timeframe per cycle, and a disabled debug call would still build its arguments.
    if (this.logs.debug) {
      this.io.logger.debug(
        { symbol, timeframe, num_bars: bars.length },
        `Fetched data for ${symbol} ${timeframe}`,
      );
    }
    const fetched = this.io.events.dataFetched(symbol, timeframe, bars);
    this.io.publish(fetched);
    // The new candles by index, not as an array of their own (one more allocation per bar).
    const first = this.detector.firstNew(symbol, timeframe, bars);
    if (first < 0) return 0;
    const last = bars.length - this.detector.candleIndex;
    for (let index = first; index <= last; index++) {
      const bar = bars[index]!;
      this.counters.new_candles_detected++;
      this.lastTimes[symbolIndex]![timeframeIndex] = bar.time;
      if (this.logs.debug) {
        this.io.logger.debug({ symbol, timeframe }, `New candle for ${symbol} ${timeframe}`);
      }
      this.io.publish(this.io.events.newCandle(symbol, timeframe, bar, fetched));
    }
    return last - first + 1;
  }

  /** Open time of the last candle reported per `symbol|timeframe` (a copy). */
  lastCandles(): ReadonlyMap<string, number> {
    const candles = new Map<string, number>();
    for (let symbolIndex = 0; symbolIndex < this.lastTimes.length; symbolIndex++) {
      const times = this.lastTimes[symbolIndex]!;
      for (let timeframeIndex = 0; timeframeIndex < times.length; timeframeIndex++) {
        const time = times[timeframeIndex]!;
        if (!Number.isNaN(time)) candles.set(this.seriesKeys[symbolIndex]![timeframeIndex]!, time);
      }
    }
    return candles;
  }

  /**
   * {@link lastCandles} by position, as the fetch keeps it: `[symbol index][timeframe index]` in the order
   * of the options' symbols and timeframes, NaN before the first candle. Not a copy: read, don't keep.
   */
  lastCandleTimes(): ReadonlyArray<ArrayLike<number>> {
    return this.lastTimes;
  }

  metrics(): Record<string, number> {
    return { ...this.counters };
  }
}
