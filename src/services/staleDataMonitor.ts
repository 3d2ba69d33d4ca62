import type { ServiceHealth } from '../actors/defineService.js';
import { timeframeToMilliseconds } from '../market/timeframeToMilliseconds.js';
import type { ServiceIo } from './serviceIo.js';

/** What a {@link StaleDataMonitor} watches. */
export interface StaleDataMonitorOptions {
  symbols: readonly string[];
  timeframes: readonly string[];
  /** Seconds without a new candle, per timeframe (`services.data_fetching.stale_after`); default 3 bars. */
  staleAfter: Readonly<Record<string, number>>;
  /** Symbols blocked as stale before a restart (from the checkpoint): the first fresh candle authorizes them. */
  blocked?: readonly string[];
  /** Called when the set of blocked symbols changes (to checkpoint it). */
  onChange?: (blocked: string[]) => void;
}

interface Series {
  timeframe: string;
  key: string;
  limitMs: number;
  /** Open time of the last candle seen. */
  seen: number | undefined;
  /** Clock time at which the last new candle was seen (or monitoring started). */
  freshAt: number;
  stale: boolean;
}

interface WatchedSymbol {
  symbol: string;
  series: Series[];
  blocked: boolean;
}

/**
 * Notices a feed that stopped: a timeframe without a new candle for its `stale_after` (on the injected
 * clock) makes the symbol stale, which publishes `TradingBlockedEvent` (reason `stale_data`) once; the first
 * new candle of the symbol afterwards publishes `TradingAuthorizedEvent` (reason `fresh_data`) and gives
 * every timeframe of the symbol a full window again. Checked once per fetch cycle (not per candle).
 *
 * @example
 * ```ts
 * const monitor = new StaleDataMonitor(io, { symbols: ['EURUSD'], timeframes: ['1', '5'], staleAfter: { '1': 180 } });
 * await service.fetchStreamingData();
 * monitor.check(service.lastCandles());
 * monitor.health(); // { healthy: false, reason: 'stale data: EURUSD 1 (no new candle for 240 s, limit 180 s)' }
 * ```
 */
export class StaleDataMonitor {
  private readonly watched: WatchedSymbol[];

  constructor(
    private readonly io: ServiceIo,
    private readonly options: StaleDataMonitorOptions,
  ) {
    const now = io.events.clock.now();
    const blocked = new Set(options.blocked ?? []);
    this.watched = options.symbols.map((symbol) => ({
      symbol,
      blocked: blocked.has(symbol),
      series: options.timeframes.map((timeframe) => ({
        timeframe,
        key: `${symbol}|${timeframe}`,
        limitMs: (options.staleAfter[timeframe] ?? (3 * timeframeToMilliseconds(timeframe)) / 1000) * 1000,
        seen: undefined,
        freshAt: now,
        // Blocked before a restart: stays stale until a new candle arrives, not merely until a check.
        stale: blocked.has(symbol),
      })),
    }));
  }

  /** Compares the last candles the data service reported with the previous check; publishes changes. */
  check(lastCandles: ReadonlyMap<string, number>): void {
    this.compare(lastCandles, undefined);
  }

  /**
   * {@link check} with the last candle times by position: `times[s][t]` for `options.symbols[s]` on
   * `options.timeframes[t]`, NaN before the first. A backtest checks after every bar: this looks up no
   * `symbol|timeframe` key.
   *
   * @example
   * ```ts
   * const monitor = new StaleDataMonitor(io, { symbols: ['EURUSD'], timeframes: ['1'], staleAfter: {} });
   * monitor.checkTimes([[Date.parse('2025-01-06T10:05:00Z')]]);
   * ```
   */
  checkTimes(times: ReadonlyArray<ArrayLike<number>>): void {
    this.compare(undefined, times);
  }

  private compare(
    lastCandles: ReadonlyMap<string, number> | undefined,
    times: ReadonlyArray<ArrayLike<number>> | undefined,
  ): void {
    const now = this.io.events.clock.now();
    let changed = false;
    for (let symbolIndex = 0; symbolIndex < this.watched.length; symbolIndex++) {
      const watched = this.watched[symbolIndex]!;
      let refreshed = false;
      for (let timeframeIndex = 0; timeframeIndex < watched.series.length; timeframeIndex++) {
        const series = watched.series[timeframeIndex]!;
        const seen =
          times === undefined ? lastCandles?.get(series.key) : times[symbolIndex]?.[timeframeIndex];
        if (seen === undefined || Number.isNaN(seen) || seen === series.seen) continue;
        series.seen = seen;
        series.freshAt = now;
        series.stale = false;
        refreshed = true;
      }
      let stale = false;
      // By index: an array iterator per symbol and check was most of what a backtest's check allocated.
      for (let timeframeIndex = 0; timeframeIndex < watched.series.length; timeframeIndex++) {
        const series = watched.series[timeframeIndex]!;
        // The symbol's feed is alive again: the slower timeframes get a full window to close a candle.
        if (refreshed && series.stale) {
          series.freshAt = now;
          series.stale = false;
        }
        if (!series.stale && now - series.freshAt > series.limitMs) series.stale = true;
        stale ||= series.stale;
      }
      if (stale && !watched.blocked) {
        watched.blocked = true;
        changed = true;
        this.io.logger.warn(
          { symbol: watched.symbol, stale: this.describe(watched, now) },
          `Data for ${watched.symbol} is stale (${this.describe(watched, now)}): trading blocked`,
        );
        this.io.publish(
          this.io.events.create('TradingBlockedEvent', { symbol: watched.symbol, reasons: ['stale_data'] }),
        );
      } else if (!stale && watched.blocked) {
        watched.blocked = false;
        changed = true;
        this.io.logger.info(
          { symbol: watched.symbol },
          `Fresh data for ${watched.symbol}: trading authorized`,
        );
        this.io.publish(
          this.io.events.create('TradingAuthorizedEvent', { symbol: watched.symbol, reason: 'fresh_data' }),
        );
      }
    }
    if (changed) this.options.onChange?.(this.blockedSymbols());
  }

  /** Symbols currently blocked as stale. */
  blockedSymbols(): string[] {
    return this.watched.filter((watched) => watched.blocked).map((watched) => watched.symbol);
  }

  /** Unhealthy while a symbol is stale (as of the last check), naming each stale timeframe. */
  health(): ServiceHealth {
    const now = this.io.events.clock.now();
    const stale = this.watched.filter((watched) => watched.blocked);
    if (stale.length === 0) return { healthy: true };
    return {
      healthy: false,
      reason: `stale data: ${stale.map((watched) => `${watched.symbol} ${this.describe(watched, now)}`).join('; ')}`,
    };
  }

  private describe(watched: WatchedSymbol, now: number): string {
    return watched.series
      .filter((series) => series.stale)
      .map(
        (series) =>
          `${series.timeframe} (no new candle for ${Math.round((now - series.freshAt) / 1000)} s, limit ${series.limitMs / 1000} s)`,
      )
      .join(', ');
  }
}
