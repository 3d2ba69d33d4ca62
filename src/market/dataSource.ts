import type { Logger } from 'pino';
import type { Candle } from '../events/candle.js';
import type { PriceRange } from './priceRange.js';

/**
 * A feed of closed base-timeframe bars, per symbol. Users implement this to plug a broker, an exchange
 * or a database into tradestate; `DataSourceManager` pulls from it and builds the higher timeframes.
 *
 * Bars must come in strictly increasing `time` order per symbol and be at least one base timeframe
 * apart; the manager rejects anything else rather than guess.
 *
 * @example
 * ```ts
 * declare function loadMyBars(): Candle[];
 * const bars: Candle[] = loadMyBars();
 * let index = 0;
 * const source: DataSource = {
 *   name: 'my-db',
 *   next: () => bars[index++],
 *   isExhausted: () => index >= bars.length,
 * };
 * ```
 */
export interface DataSource {
  readonly name: string;
  /**
   * Minutes between two bars of this source ("1", "1440", ...) when the source knows it (the synthetic
   * feed is told, a CSV file infers it from the median spacing of its rows).
   */
  readonly baseTimeframe?: string;
  /**
   * Time of the first bar a replay will give, when the source knows it before the run (a CSV file read
   * ahead): a backtest's simulated clock, and so its events and log lines, start there.
   */
  readonly firstTime?: number | undefined;
  /**
   * The prices of the bars a replay will give, when the source knows them before the run: a backtest
   * checks them against the symbol's instrument profile (tick, pip, lot size) before it starts.
   */
  readonly priceRange?: PriceRange;
  /** Next closed base bar for `symbol` in time order, or undefined when none is available now. */
  next(symbol: string): Promise<Candle | undefined> | Candle | undefined;
  /** True when the feed has ended for `symbol` (replay finished); live feeds return false. */
  isExhausted(symbol: string): boolean;
  close?(): Promise<void> | void;
  /**
   * Called once before the first cycle: a live source pulls the history it loaded into `manager` (indicator
   * warm-up; bars pulled here are never published as new candles, so nothing trades on them).
   */
  warmUp?(manager: WarmUpTarget, logger: Logger): Promise<void>;
}

/**
 * What a source's `warmUp` may do with the manager that pulls from it: take up to `maxBars` bars of a symbol
 * now (the `DataSourceManager` is one).
 *
 * @example
 * ```ts
 * const source: Pick<DataSource, 'warmUp'> = {
 *   async warmUp(manager: WarmUpTarget) {
 *     await manager.poll('BTC/USDT', 500);
 *   },
 * };
 * ```
 */
export interface WarmUpTarget {
  poll(symbol: string, maxBars?: number): Promise<number>;
}
