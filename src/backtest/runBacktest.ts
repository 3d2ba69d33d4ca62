import { redactConfig } from '../config/redactConfig.js';
import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import { FileAccessError } from '../errors/fileAccessError.js';
import { InvalidOptionError } from '../errors/invalidOptionError.js';
import type { Candle } from '../events/candle.js';
import { type BlockedPeriodReport, reportBlockedPeriods } from '../execution/describeBlockedPeriods.js';
import { ConversionSeries } from '../instruments/conversionSeries.js';
import { fitInstrumentToData } from '../instruments/fitInstrumentToData.js';
import type { DataSource } from '../market/dataSource.js';
import { PriceRange } from '../market/priceRange.js';
import {
  createTradingSystem,
  resolveConfig,
  type TradingSystemOptions,
} from '../system/createTradingSystem.js';
import type { SupervisionSummary } from '../system/supervisionRecorder.js';
import { type RunSummary, TradingSystemHaltedError } from '../system/tradingSystem.js';
import { outputDirectoryProblem } from '../util/pathProblems.js';
import type { BacktestInterruption } from './backtestRecords.js';
import { ChartBars } from './chartBars.js';
import { EquityRecorder } from './equityRecorder.js';
import {
  type EquityPoint,
  type PerformanceSummary,
  type RoundTrip,
  summarizePerformance,
} from './performanceSummary.js';
import {
  type BacktestMargin,
  type BacktestReport,
  equityCsvColumns,
  writeBacktestReport,
} from './reportWriter.js';

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
  /**
   * Aborting it stops the replay after the bar under way (the CLI aborts it on SIGINT/SIGTERM): the store
   * keeps a checkpoint as at any stop, so the next run resumes; positions stay open (they are not closed at
   * a bar that is not the last), and the result and report cover the bars that ran (see `interrupted`).
   */
  signal?: AbortSignal;
}

/**
 * What {@link runBacktest} returns: the statistics, the round trips, the equity curve and the files written.
 * Memory stays bounded whatever the run's length: the candles are never kept (the report's chart gets at
 * most 10,000 merged bars), and the equity curve lives in compact columns (`curve`, 25 bytes a point; in
 * the store too, in batches, when the run is durable). `equity` is every point for runs of up to 20,000
 * bars, an even sample of 20,000 beyond (every n-th point and the last); `curve.points()` and `equity.csv`
 * always have all of them.
 *
 * @example
 * ```ts
 * const dataSource = await CsvDataSource.fromFile('examples/data/msft_2000_2001_daily.csv', { symbol: 'MSFT' });
 * const { summary, trips, curve, files } = await runBacktest(config, { dataSource, outDirectory: 'out' });
 * console.log(summary.net_profit, trips.length, curve.length, files?.equity);
 * for (const point of curve.points()) if (point.equity < 9_000) console.log('below 9,000 at', point.time);
 * ```
 */
export interface BacktestResult {
  summary: PerformanceSummary;
  /** Every period in which new entries were blocked, with reason, detail and length. */
  blocked_periods: BlockedPeriodReport[];
  /** Margin calls and refused orders. */
  margin: BacktestMargin;
  trips: RoundTrip[];
  /** The equity curve, or an even sample of it beyond 20,000 points (see `curve` for all). */
  equity: EquityPoint[];
  /** Every point of the equity curve, oldest first (`points()`, `at(i)`, `length`). */
  curve: EquityRecorder;
  run: RunSummary;
  /** What supervision did (also in report.json); `exit_code` is the CLI's. */
  supervision: SupervisionSummary;
  /** Set when supervision gave up and the replay ended early: why (the report covers the bars before). */
  halted?: string;
  /** Set when {@link BacktestOptions.signal} stopped the replay before the data ended. */
  interrupted?: BacktestInterruption;
  files?: ReturnType<typeof writeBacktestReport>;
}

/** Equity points returned and drawn at most (the report's chart draws 5,000). */
const equitySampleSize = 20_000;

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
  checkBacktestOptions(options);
  const resolved = resolveConfig(configuration, options.env);
  const { outDirectory, onProgress, dataDescription, signal, ...systemOptions } = options;
  // Said before anything runs: a stock traded with FX lot sizes produces figures that mean nothing.
  const source = options.dataSource;
  const bars = (source as { candles?: ReadonlyArray<Candle & { symbol?: string }> }).candles;
  const prices = source.priceRange ?? (bars !== undefined ? PriceRange.of(bars) : undefined);
  let config = resolved;
  if (prices !== undefined) {
    const fitted = fitInstrumentToData(
      resolved,
      resolved.trading.symbols?.[0] ?? resolved.trading.symbol,
      prices,
    );
    config = fitted.config;
    for (const notice of fitted.notices)
      (options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`)))(notice);
  }
  // A conversion series that starts after the data would stop the run at its first amount: say so now.
  const start = source.firstTime ?? bars?.[0]?.time;
  if (start !== undefined) {
    for (const [pair, path] of Object.entries(config.trading.conversion_series)) {
      ConversionSeries.load(pair, path).rateAt(start);
    }
  }
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
    store.saveEquityColumns(equity.columns(saved));
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
    equity.pushValues(lastBarTime, account.balance, account.equity, system.broker.getPositions().length > 0);
  };
  let run: RunSummary;
  let halted: string | undefined;
  let stoppedEarly = false;
  // Aborted while the system was built (the store opened and recovered): no loop, the store as it was.
  // Later, the loop itself ends after the bar under way (see RunOptions.signal).
  const abortedBeforeRun = signal?.aborted === true;
  try {
    if (abortedBeforeRun) await system.stop();
    // A replay that supervision stopped still gets its report (with `supervision`), not only an error.
    else
      await system
        .run({
          maxCandles: Number.POSITIVE_INFINITY,
          maxDurationSeconds: Number.POSITIVE_INFINITY,
          onCycle: (count) => {
            recordEquity(count);
            onProgress?.(count);
          },
          ...(signal !== undefined ? { signal } : {}),
        })
        .catch((error: unknown) => {
          if (!(error instanceof TradingSystemHaltedError)) throw error;
          halted = error.message;
        });
    // Only a signal that came before the data ended cut the replay short.
    stoppedEarly = signal?.aborted === true;
    if (!stoppedEarly) await system.closeAllPositions('end_of_data');
    run = system.summary();
  } finally {
    await system.stop();
  }
  const interrupted: BacktestInterruption | undefined = stoppedEarly
    ? {
        reason: String(signal?.reason),
        at: lastBarTime === undefined ? null : new Date(lastBarTime).toISOString(),
        bars: run.candles,
      }
    : undefined;
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
  const blocked_periods = reportBlockedPeriods(system.executor.blocks.periods(), lastBarTime ?? 0);
  // The statistics read the recorder's columns: no object per point is kept or made; buy and hold needs only
  // the first and the last bar.
  const summary = summarizePerformance(trips, equity, config.trading.initial_balance, {
    candles: [chart.first, chart.last].filter((bar): bar is Candle => bar !== undefined),
    blockedPeriods: blocked_periods,
  });
  const margin: BacktestMargin = {
    margin_calls: account.marginCalls ?? 0,
    rejected_orders: [...system.executor.rejections.values()].reduce((sum, count) => sum + count, 0),
    rejections: Object.fromEntries(system.executor.rejections),
    // Only runs with limit entries cancel orders; the others keep the report they had.
    ...(system.executor.cancellations.size > 0
      ? { cancellations: Object.fromEntries(system.executor.cancellations) }
      : {}),
  };
  const sample = equity.sample(equitySampleSize);
  const result: BacktestResult = {
    summary,
    blocked_periods,
    margin,
    trips,
    equity: sample,
    curve: equity,
    run,
    supervision: run.supervision,
    ...(halted !== undefined ? { halted } : {}),
    ...(interrupted !== undefined ? { interrupted } : {}),
  };
  if (outDirectory !== undefined) {
    const report: BacktestReport = {
      summary,
      trips,
      equity: sample,
      candles: chart.bars,
      symbol,
      config: redactConfig(config),
      data: { ...dataDescription, timeframe: system.baseTimeframe },
      supervision: run.supervision,
      blocked_periods,
      margin,
      ...(interrupted !== undefined ? { interrupted } : {}),
    };
    result.files = writeBacktestReport(outDirectory, report);
    // A sampled curve was drawn; equity.csv gets every point, written in chunks in the report's format.
    if (sample.length < equity.length) {
      equity.writeFile(result.files.equity, equityCsvColumns);
    }
  }
  return result;
}

/** What can be known wrong before the replay: otherwise a missing source fails deep inside and a bad
 * `outDirectory` only after the whole run, losing its report. */
function checkBacktestOptions(options: BacktestOptions | undefined): void {
  const source = (options as { dataSource?: unknown } | undefined)?.dataSource;
  const shaped =
    source !== null &&
    typeof source === 'object' &&
    typeof (source as DataSource).next === 'function' &&
    typeof (source as DataSource).isExhausted === 'function';
  if (!shaped) {
    throw new InvalidOptionError(
      'runBacktest',
      'dataSource',
      `expected a DataSource (an object with next(symbol) and isExhausted(symbol), e.g. CsvDataSource.fromFile(path)), got ${source === null ? 'null' : typeof source}`,
    );
  }
  const directory = options?.outDirectory;
  if (directory === undefined) return;
  const problem = outputDirectoryProblem(directory);
  if (problem !== undefined) throw new FileAccessError('outDirectory', directory, problem);
}
