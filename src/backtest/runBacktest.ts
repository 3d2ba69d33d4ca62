import { redactConfig } from '../config/redactConfig.js';
import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import type { DataSource } from '../market/dataSource.js';
import {
  createTradingSystem,
  resolveConfig,
  type TradingSystemOptions,
} from '../system/createTradingSystem.js';
import type { RunSummary } from '../system/tradingSystem.js';
import { ChartBars } from './chartBars.js';
import { EquityRecorder } from './equityRecorder.js';
import {
  type EquityPoint,
  type PerformanceSummary,
  type RoundTrip,
  summarizePerformance,
} from './performanceSummary.js';
import { type BacktestReport, writeBacktestReport } from './reportWriter.js';

/**
 * Options of {@link runBacktest}: those of `createTradingSystem` plus the data and where the report goes.
 *
 * @example
 * ```ts
 * const result = await runBacktest(config, { dataSource: await CsvDataSource.fromFile('msft.csv'), outDirectory: 'out' });
 * ```
 */
export interface BacktestOptions extends Omit<TradingSystemOptions, 'mode' | 'dataSource'> {
  dataSource: DataSource;
  /** Where to write the report files; omitted: nothing is written. */
  outDirectory?: string;
  /** Called after every cycle with the number of base candles processed. */
  onProgress?: (candles: number) => void;
  /** Described in report.json. */
  dataDescription?: { file?: string; format?: string; skipped_rows?: number };
}

/**
 * What {@link runBacktest} returns: the statistics, the round trips, the equity curve and the files written.
 * `equity` holds one point per base bar; during the run the curve is kept in compact columns (and in the
 * store, in batches, when the run is durable) and turned into this array only at the end, for the
 * statistics and the report; the candles are never kept (the report's chart gets at most 10,000 merged
 * bars).
 *
 * @example
 * ```ts
 * const { summary, trips, equity, files } = await runBacktest(config, { dataSource, outDirectory: 'out' });
 * console.log(summary.net_profit, trips.length, files?.html);
 * ```
 */
export interface BacktestResult {
  summary: PerformanceSummary;
  trips: RoundTrip[];
  equity: EquityPoint[];
  run: RunSummary;
  files?: ReturnType<typeof writeBacktestReport>;
}

/** Bars the report's chart receives at most (merged in pairs beyond; the chart draws 5,000). */
const chartCapacity = 10_000;

/**
 * Replays a data source through the same supervised services, strategies and paper broker as
 * `tradestate run`, on simulated time and a synchronous bus, as fast as possible. Open positions are
 * closed on the last bar (`end_of_data`), so the final equity is realized.
 *
 * @example
 * ```ts
 * const source = await CsvDataSource.fromFile('examples/data/msft_2000_2001_daily.csv', { symbol: 'MSFT' });
 * const result = await runBacktest(config, { dataSource: source, outDirectory: './backtest-results/msft' });
 * console.log(result.summary.total_return, result.files?.html);
 * ```
 */
export async function runBacktest(
  configuration: SystemConfig | SystemConfigInput | string,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const config = resolveConfig(configuration, options.env);
  const { outDirectory, onProgress, dataDescription, ...systemOptions } = options;
  const system = await createTradingSystem(config, { ...systemOptions, mode: 'backtest' });
  const symbol = system.symbols[0] ?? config.trading.symbol;
  const chart = new ChartBars(chartCapacity);
  let lastBarTime: number | undefined;
  // A resumed backtest continues the equity curve saved with its checkpoints.
  const durable = system.durable;
  const equity = new EquityRecorder();
  for (const point of durable?.store.equityCurve() ?? []) equity.push(point);
  let saved = equity.length;
  // The points since the last checkpoint go into its transaction: the store gets them in batches.
  durable?.onCheckpoint((store) => {
    for (const point of equity.range(saved)) store.saveEquityPoint(point);
    saved = equity.length;
  });
  system.bus.subscribe('NewCandleEvent', (event) => {
    if (event.timeframe !== system.baseTimeframe || event.symbol !== symbol) return;
    chart.add(event.bar);
    lastBarTime = event.bar.time;
  });
  let recorded = durable?.restored?.counts.candles ?? 0;
  const recordEquity = (count: number) => {
    if (count === recorded) return;
    recorded = count;
    if (lastBarTime === undefined) return;
    const account = system.broker.getAccount();
    equity.push({
      time: lastBarTime,
      balance: account.balance,
      equity: account.equity,
      in_market: system.broker.getPositions().length > 0,
    });
  };
  let run: RunSummary;
  try {
    await system.run({
      maxCandles: Number.POSITIVE_INFINITY,
      maxDurationSeconds: Number.POSITIVE_INFINITY,
      onCycle: (count) => {
        recordEquity(count);
        onProgress?.(count);
      },
    });
    await system.closeAllPositions('end_of_data');
    run = system.summary();
  } finally {
    await system.stop();
  }
  const account = system.broker.getAccount();
  const last = equity.at(equity.length - 1);
  // Closing at the end happens on the last bar: it changes that bar's account, not the time line.
  if (last) {
    equity.replaceLast({
      time: last.time,
      balance: account.balance,
      equity: account.equity,
      in_market: system.broker.getPositions().length > 0,
    });
  }
  const trips = system.roundTrips();
  const points = equity.toArray();
  const summary = summarizePerformance(trips, points, config.trading.initial_balance);
  const result: BacktestResult = { summary, trips, equity: points, run };
  if (outDirectory !== undefined) {
    const report: BacktestReport = {
      summary,
      trips,
      equity: points,
      candles: chart.bars,
      symbol,
      config: redactConfig(config),
      data: { ...dataDescription, timeframe: system.baseTimeframe },
    };
    result.files = writeBacktestReport(outDirectory, report);
  }
  return result;
}
