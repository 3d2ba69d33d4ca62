import { redactConfig } from '../config/redactConfig.js';
import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import { type BlockedPeriodReport, reportBlockedPeriods } from '../execution/describeBlockedPeriods.js';
import { priceScaleWarnings } from '../instruments/priceScaleWarnings.js';
import type { DataSource } from '../market/dataSource.js';
import {
  createTradingSystem,
  resolveConfig,
  type TradingSystemOptions,
} from '../system/createTradingSystem.js';
import type { SupervisionSummary } from '../system/supervisionRecorder.js';
import { type RunSummary, TradingSystemHaltedError } from '../system/tradingSystem.js';
import {
  type EquityPoint,
  type PerformanceSummary,
  type RoundTrip,
  summarizePerformance,
} from './performanceSummary.js';
import { type BacktestMargin, type BacktestReport, writeBacktestReport } from './reportWriter.js';

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
 *
 * @example
 * ```ts
 * const { summary, trips, equity, files } = await runBacktest(config, { dataSource, outDirectory: 'out' });
 * console.log(summary.net_profit, trips.length, files?.html);
 * ```
 */
export interface BacktestResult {
  summary: PerformanceSummary;
  /** Every period in which new entries were blocked, with reason, detail and length. */
  blocked_periods: BlockedPeriodReport[];
  /** Margin calls and refused orders. */
  margin: BacktestMargin;
  trips: RoundTrip[];
  equity: EquityPoint[];
  run: RunSummary;
  /** What supervision did (also in report.json); `exit_code` is the CLI's. */
  supervision: SupervisionSummary;
  /** Set when supervision gave up and the replay ended early: why (the report covers the bars before). */
  halted?: string;
  files?: ReturnType<typeof writeBacktestReport>;
}

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
  // Said before anything runs: a stock traded with FX lot sizes produces figures that mean nothing.
  const bars = (options.dataSource as { candles?: ReadonlyArray<Candle & { symbol?: string }> }).candles;
  if (bars !== undefined) {
    for (const warning of priceScaleWarnings(
      config.trading.symbols?.[0] ?? config.trading.symbol,
      bars,
      config.trading,
    )) {
      (options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`)))(`Warning: ${warning}`);
    }
  }
  const system = await createTradingSystem(config, { ...systemOptions, mode: 'backtest' });
  const symbol = system.symbols[0] ?? config.trading.symbol;
  const candles: Candle[] = [];
  // A resumed backtest continues the equity curve saved with its checkpoints (one point per cycle).
  const durable = system.durable;
  const equity: EquityPoint[] = durable?.store.equityCurve() ?? [];
  let saved = equity.length;
  durable?.onCheckpoint((store) => {
    for (; saved < equity.length; saved++) store.saveEquityPoint(equity[saved]!);
  });
  system.bus.subscribe('NewCandleEvent', (event) => {
    if (event.timeframe === system.baseTimeframe && event.symbol === symbol) candles.push(event.bar);
  });
  let recorded = durable?.restored?.counts.candles ?? 0;
  const recordEquity = (count: number) => {
    if (count === recorded) return;
    recorded = count;
    const account = system.broker.getAccount();
    const last = candles[candles.length - 1];
    if (!last) return;
    equity.push({
      time: last.time,
      balance: account.balance,
      equity: account.equity,
      in_market: system.broker.getPositions().length > 0,
    });
  };
  let run: RunSummary;
  let halted: string | undefined;
  try {
    // A replay that supervision stopped still gets its report (with `supervision`), not only an error.
    await system
      .run({
        maxCandles: Number.POSITIVE_INFINITY,
        maxDurationSeconds: Number.POSITIVE_INFINITY,
        onCycle: (count) => {
          recordEquity(count);
          onProgress?.(count);
        },
      })
      .catch((error: unknown) => {
        if (!(error instanceof TradingSystemHaltedError)) throw error;
        halted = error.message;
      });
    await system.closeAllPositions('end_of_data');
    run = system.summary();
  } finally {
    await system.stop();
  }
  const account = system.broker.getAccount();
  const last = equity[equity.length - 1];
  // Closing at the end happens on the last bar: it changes that bar's account, not the time line.
  if (last) {
    last.balance = account.balance;
    last.equity = account.equity;
    last.in_market = system.broker.getPositions().length > 0;
  }
  const trips = system.roundTrips();
  const lastTime = candles[candles.length - 1]?.time ?? 0;
  const blocked_periods = reportBlockedPeriods(system.executor.blocks.periods(), lastTime);
  const summary = summarizePerformance(trips, equity, config.trading.initial_balance, {
    candles,
    blockedPeriods: blocked_periods,
  });
  const margin: BacktestMargin = {
    margin_calls: account.marginCalls ?? 0,
    rejected_orders: [...system.executor.rejections.values()].reduce((sum, count) => sum + count, 0),
    rejections: Object.fromEntries(system.executor.rejections),
  };
  const result: BacktestResult = {
    summary,
    blocked_periods,
    margin,
    trips,
    equity,
    run,
    supervision: run.supervision,
    ...(halted !== undefined ? { halted } : {}),
  };
  if (outDirectory !== undefined) {
    const report: BacktestReport = {
      summary,
      trips,
      equity,
      candles,
      symbol,
      config: redactConfig(config),
      data: { ...dataDescription, timeframe: system.baseTimeframe },
      supervision: run.supervision,
      blocked_periods,
      margin,
    };
    result.files = writeBacktestReport(outDirectory, report);
  }
  return result;
}
