import type { Exchange } from 'ccxt';
import type { Logger } from 'pino';
import type { Candle } from '../../events/candle.js';
import type { DataSource, WarmUpTarget } from '../dataSource.js';
import { timeframeToMilliseconds } from '../timeframeToMilliseconds.js';
import { toCandle } from './fetchCandleRange.js';
import type { ResolvedMarket } from './resolveMarket.js';

/** Options of {@link CcxtDataSource}. */
export interface CcxtDataSourceOptions {
  /** tradestate symbol → the exchange's market and timeframe (see `resolveMarket`). */
  markets: ReadonlyMap<string, ResolvedMarket>;
  /** Minutes per bar ("1", "60"). */
  baseTimeframe: string;
  /** Closed bars loaded at start (indicator warm-up; never traded). */
  historyBars: number;
  /** Use `watchOHLCV` (the exchange streams candles) instead of polling `fetchOHLCV`. */
  streaming: boolean;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Wall time, for the "a bar whose end is past is closed" rule (default `Date.now`). */
  now?: () => number;
  sleep?: (milliseconds: number) => Promise<void>;
}

interface SymbolFeed {
  market: ResolvedMarket;
  /** Closed bars not handed out yet, oldest first. */
  queue: Candle[];
  /** Open time of the last bar queued (closed bars are queued once, in order). */
  lastQueued: number;
  /** Bars from the start-up history, still at the head of the queue. */
  history: number;
}

/** Grace after a bar's end before it counts as closed without a newer bar (exchange clock skew, late trades). */
const closeGraceMilliseconds = 10_000;

/**
 * Live candles from an exchange through ccxt, one closed base bar at a time (the `DataSource` port).
 *
 * A bar counts only once closed: when the exchange has shown a newer bar (exchanges publish the next bar as
 * soon as one closes), or when its end is more than 10 s past. Closed bars come from `watchOHLCV` when the
 * exchange streams them (ccxt.pro), otherwise from polling `fetchOHLCV` on each `next()` (one poll per cycle,
 * every `fetch_interval`). A dropped stream is reconnected with exponential backoff, and the bars missed while
 * it was down are fetched over REST, so no bar is lost or handed out twice (bars are queued strictly after the
 * last one queued). A stream that stays silent is left to the system's stale-data blocking.
 *
 * At start `historyBars` closed bars are loaded; {@link warmUp} hands them to the manager before the first
 * cycle, so indicators are warm and nothing trades on old bars.
 *
 * @example
 * ```ts
 * const source = await createDataSource({ ...config.trading.data_source, type: 'ccxt', exchange: 'binance' }, { symbols: ['BTC/USDT'] });
 * const bar = await source.next('BTC/USDT'); // undefined until a new bar closes
 * ```
 */
export class CcxtDataSource implements DataSource {
  readonly name: string;
  readonly baseTimeframe: string;
  /** Stream reconnects so far (each after a failure). */
  reconnects = 0;
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly barMilliseconds: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly loops: Promise<void>[] = [];
  private closed = false;
  private logger: Logger | undefined;

  constructor(
    readonly exchange: Exchange,
    private readonly options: CcxtDataSourceOptions,
  ) {
    this.name = `ccxt:${exchange.id}`;
    this.baseTimeframe = options.baseTimeframe;
    this.barMilliseconds = timeframeToMilliseconds(options.baseTimeframe);
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    for (const [symbol, market] of options.markets) {
      this.feeds.set(symbol, { market, queue: [], lastQueued: Number.NEGATIVE_INFINITY, history: 0 });
    }
  }

  /** Loads the start-up history of every symbol, then starts the candle streams (when streaming). */
  async open(): Promise<void> {
    for (const [symbol, feed] of this.feeds) {
      if (this.options.historyBars > 0) {
        const rows = await this.exchange.fetchOHLCV(
          feed.market.market,
          feed.market.timeframe,
          undefined,
          this.options.historyBars + 1,
        );
        this.absorb(feed, rows.map(toCandle));
        feed.history = feed.queue.length;
      }
      if (this.options.streaming) this.loops.push(this.watch(symbol, feed));
    }
  }

  /**
   * Gives the manager the start-up history of every symbol (before the first cycle: these bars build
   * indicators and higher timeframes but are never published as new candles) and the system's logger.
   */
  async warmUp(manager: WarmUpTarget, logger: Logger): Promise<void> {
    this.logger = logger;
    for (const [symbol, feed] of this.feeds) {
      const count = feed.history;
      feed.history = 0;
      if (count > 0) await manager.poll(symbol, count);
    }
  }

  next(symbol: string): Promise<Candle | undefined> | Candle | undefined {
    const feed = this.feeds.get(symbol);
    if (feed === undefined) throw new Error(`${this.name}: symbol ${symbol} was not configured`);
    if (feed.queue.length > 0) return feed.queue.shift();
    if (this.options.streaming || this.closed) return undefined;
    return this.poll(feed).then(() => feed.queue.shift());
  }

  isExhausted(): boolean {
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.exchange.close?.();
    await Promise.allSettled(this.loops);
  }

  /** Bars after the last one queued, from REST (a poll, or the catch-up after a reconnect). */
  private async poll(feed: SymbolFeed): Promise<void> {
    const since = Number.isFinite(feed.lastQueued) ? feed.lastQueued + 1 : undefined;
    const rows = await this.exchange.fetchOHLCV(feed.market.market, feed.market.timeframe, since, 1000);
    this.absorb(feed, rows.map(toCandle));
  }

  /** Queues, in order, the bars of `candles` that are closed and newer than the last one queued. */
  private absorb(feed: SymbolFeed, candles: readonly Candle[]): void {
    if (candles.length === 0) return;
    const sorted = [...candles].sort((a, b) => a.time - b.time);
    const newest = sorted[sorted.length - 1]!.time;
    for (const candle of sorted) {
      if (candle.time <= feed.lastQueued) continue;
      const closed =
        candle.time < newest || candle.time + this.barMilliseconds + closeGraceMilliseconds <= this.now();
      if (!closed) break;
      feed.queue.push(candle);
      feed.lastQueued = candle.time;
    }
  }

  /** Whether the oldest bar of `candles` newer than the last queued one leaves bars out in between. */
  private startsAfterGap(feed: SymbolFeed, candles: readonly Candle[]): boolean {
    if (!Number.isFinite(feed.lastQueued)) return false;
    let oldest = Number.POSITIVE_INFINITY;
    for (const candle of candles)
      if (candle.time > feed.lastQueued && candle.time < oldest) oldest = candle.time;
    return Number.isFinite(oldest) && oldest > feed.lastQueued + this.barMilliseconds;
  }

  /** One symbol's stream: watchOHLCV until closed; on failure, back off, catch up over REST and resubscribe. */
  private async watch(symbol: string, feed: SymbolFeed): Promise<void> {
    const { reconnectInitialMs: initial, reconnectMaxMs: max } = this.options;
    let failures = 0;
    while (!this.closed) {
      try {
        const rows = await this.exchange.watchOHLCV(feed.market.market, feed.market.timeframe);
        failures = 0;
        const candles = rows.map(toCandle);
        // The stream only has what it received since (re)subscribing: bars that closed before are fetched.
        if (this.startsAfterGap(feed, candles)) await this.poll(feed);
        this.absorb(feed, candles);
      } catch (error) {
        if (this.closed) return;
        failures += 1;
        const delay = Math.min(max, initial * 2 ** (failures - 1));
        this.logger?.warn(
          { symbol, attempt: failures, delay_ms: delay, err: error },
          `Candle stream of ${symbol} on ${this.exchange.id} dropped: reconnecting in ${delay} ms`,
        );
        await this.sleep(delay);
        if (this.closed) return;
        this.reconnects += 1;
        try {
          await this.poll(feed);
        } catch (catchUpError) {
          this.logger?.warn(
            { symbol, err: catchUpError },
            `Catching up ${symbol} after a reconnect failed; retrying`,
          );
        }
      }
    }
  }
}
