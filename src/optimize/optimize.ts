import { availableParallelism } from 'node:os';
import { summarizePerformance } from '../backtest/performanceSummary.js';
import { configFromObject, loadConfig } from '../config/configLoader.js';
import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import { fitInstrumentToData } from '../instruments/fitInstrumentToData.js';
import { CsvDataSource } from '../market/csvDataSource.js';
import { PriceRange } from '../market/priceRange.js';
import type { StrategyDefinition } from '../strategies/defineStrategy.js';
import { loadStrategyModule } from '../strategies/loadStrategyModule.js';
import { StrategyRegistry } from '../strategies/strategyRegistry.js';
import { checkOptimizeOptions } from './checkOptimizeOptions.js';
import { divergenceWarning } from './divergenceWarning.js';
import { LocalTrialExecutor } from './localTrialExecutor.js';
import { OptimizationMetric } from './optimizationMetric.js';
import { OptimizeInputError } from './optimizeInputError.js';
import type { OptimizeOptions, OptimizeProgress } from './optimizeOptions.js';
import type { FoldResult, OptimizeResult, TrialResult } from './optimizeResult.js';
import type { OptimizeTask, OptimizeWorkerData } from './optimizeWorker.js';
import { type ParameterRange, parseParameterRange } from './parameterRange.js';
import { type ParameterTarget, resolveParameterTarget, withParameter } from './parameterTarget.js';
import { type BarWindow, runTrial, type TrialJob, type TrialOutcome } from './runTrial.js';
import { SharedCandles } from './sharedCandles.js';
import { TrialConstraint } from './trialConstraint.js';
import { planTrials, type Trial } from './trialPlan.js';
import { splitWindows, type ValidationPlan, warmupBarsFor } from './validationWindows.js';

export type { OptimizeData, OptimizeOptions, OptimizeProgress } from './optimizeOptions.js';
export type { FoldResult, OptimizeResult, TrialResult } from './optimizeResult.js';

const iso = (time: number) => new Date(time).toISOString();

async function loadData(options: OptimizeOptions, config: SystemConfig) {
  if (typeof options.data !== 'string')
    return { ...options.data, symbol: options.symbol ?? options.data.symbol };
  const symbol = options.symbol ?? config.trading.symbols?.[0] ?? config.trading.symbol;
  const source = await CsvDataSource.fromFile(options.data, {
    symbol,
    onBadRow: config.trading.data_source.on_bad_row,
  });
  return { candles: source.candles, symbol, baseTimeframe: source.baseTimeframe, file: options.data };
}

/** Checks each parameter's whole range against the configuration schema and the strategy schemas. */
function checkRanges(
  config: SystemConfig,
  registry: StrategyRegistry,
  ranges: readonly ParameterRange[],
  targets: readonly ParameterTarget[],
): void {
  ranges.forEach((range, index) => {
    const target = targets[index]!;
    for (const value of range.values) {
      if (target.integer && !Number.isInteger(value)) {
        throw new OptimizeInputError(
          `--param ${range.name}: ${target.describe} takes whole numbers, got ${value}`,
        );
      }
    }
    for (const value of [Math.min(...range.values), Math.max(...range.values)]) {
      const tuned = withParameter(config, target, value);
      try {
        const resolved = configFromObject(tuned as SystemConfigInput);
        for (const strategy of resolved.services.strategy_evaluation.strategies) {
          registry.create(strategy.name, strategy.type, strategy.params);
        }
      } catch (error) {
        const reason =
          error instanceof Error ? error.message.split('\n').slice(0, 3).join('; ') : String(error);
        throw new OptimizeInputError(`--param ${range.name}: the value ${value} is not accepted: ${reason}`);
      }
    }
  });
}

/** The configuration a trial runs with, symbol and data fixed. */
function jobConfig(config: SystemConfig, symbol: string): SystemConfig {
  return configFromObject({
    ...(config as SystemConfigInput),
    trading: { ...(config.trading as object), symbol, symbols: [symbol] },
  } as SystemConfigInput);
}

/**
 * Optimises strategy, indicator, risk or sizing settings: every trial (grid or seeded random sample,
 * filtered by constraints) is a complete backtest through the same supervised actors and services as
 * `tradestate backtest`, run in worker threads (or on other machines, see `executor`); the data is parsed
 * once and shared. Results do not depend on the number of workers or the order they finish in. With
 * `trainUntil` or `walkForward`, each trial is also measured in and out of sample, with a warning when the
 * winners do much worse out of sample. Write the files with `writeOptimizeReport`.
 *
 * @example
 * ```ts
 * const result = await optimize({
 *   config: 'examples/config/stocks.yaml',
 *   data: 'examples/data/msft_2000_2001_daily.csv',
 *   symbol: 'MSFT',
 *   parameters: ['ema_fast.period=5:30:5', 'ema_slow.period=20:100:10'],
 *   constraints: ['ema_fast.period < ema_slow.period'],
 *   metric: 'sharpe',
 * });
 * console.log(result.best.values, result.best.metric);
 * ```
 */
export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  const startedAt = performance.now();
  checkOptimizeOptions(options);
  const cwd = options.cwd ?? process.cwd();
  const loaded =
    typeof options.config === 'string' || options.config === undefined
      ? loadConfig(options.config, { cwd, ...(options.env ? { env: options.env } : {}) })
      : configFromObject(options.config as SystemConfigInput);
  const strategies: StrategyDefinition<unknown>[] = options.strategiesModule
    ? await loadStrategyModule(options.strategiesModule, cwd)
    : [];
  const registry = StrategyRegistry.withBuiltins();
  for (const definition of strategies) registry.register(definition);

  const ranges = options.parameters.map((parameter) =>
    typeof parameter === 'string' ? parseParameterRange(parameter) : parameter,
  );
  const duplicate = ranges.find(
    (range, index) => ranges.findIndex((other) => other.name === range.name) !== index,
  );
  if (duplicate) throw new OptimizeInputError(`--param ${duplicate.name} is given twice`);
  const targets = ranges.map((range) => resolveParameterTarget(loaded, registry, range.name));
  checkRanges(loaded, registry, ranges, targets);
  const constraints = (options.constraints ?? []).map((text) =>
    TrialConstraint.parse(
      text,
      ranges.map((range) => range.name),
    ),
  );
  const metric = OptimizationMetric.parse(options.metric ?? 'sharpe', summarizePerformance([], [], 1));
  const trials = planTrials(ranges, constraints, {
    method: options.method ?? 'grid',
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });

  const data = await loadData(options, loaded);
  if (data.candles.length < 2) {
    throw new OptimizeInputError(
      `${data.file ?? 'the data'} has ${data.candles.length} bars; a backtest needs at least 2`,
    );
  }
  // Fitted once for the job: every trial, and best.yaml, trade with the same instrument profile.
  const fitted = fitInstrumentToData(
    jobConfig(loaded, data.symbol),
    data.symbol,
    PriceRange.of(data.candles),
  );
  const config = fitted.config;
  for (const notice of fitted.notices)
    (options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`)))(notice);
  const plan: ValidationPlan = splitWindows(data.candles, {
    warmupBars: warmupBarsFor(config.trading.timeframes, data.baseTimeframe),
    ...(options.walkForward !== undefined ? { walkForward: options.walkForward } : {}),
    ...(options.trainUntil !== undefined ? { trainUntil: options.trainUntil } : {}),
  });

  const job: Omit<TrialJob, 'strategies'> = {
    config: config as SystemConfigInput,
    targets,
    symbol: data.symbol,
    baseTimeframe: data.baseTimeframe,
  };
  const shared = SharedCandles.pack(data.candles);
  const workerData: OptimizeWorkerData = {
    candles: shared.buffer,
    job,
    ...(options.strategiesModule ? { strategiesModule: options.strategiesModule } : {}),
    cwd,
  };
  const tasks: OptimizeTask[] = [];
  for (const window of plan.windows) for (const trial of trials) tasks.push({ trial, window });

  const executor = options.executor
    ? await options.executor(workerData)
    : new LocalTrialExecutor(workerData, {
        // A worker beyond one per task would only start, warm up and wait: 64 of them on 12 trials cost
        // a minute of start-ups on two cores.
        workers: Math.min(options.workers ?? availableParallelism(), tasks.length),
        ...(options.runtime !== undefined ? { runtime: options.runtime } : {}),
      });
  const outcomes = new Map<string, TrialOutcome>();
  const key = (trialId: number, window: string) => `${window}#${trialId}`;
  let best: OptimizeProgress['best'];
  let done = 0;
  try {
    await executor.run(tasks, (outcome) => {
      done++;
      outcomes.set(key(outcome.trialId, outcome.window), outcome);
      if (outcome.window === plan.ranking.label && outcome.error === undefined) {
        const value = metric.valueOf(outcome.statistics);
        if (
          best === undefined ||
          metric.better(value, best.metric) ||
          (value === best.metric && outcome.trialId < best.trialId)
        ) {
          best = { trialId: outcome.trialId, metric: value, values: trials[outcome.trialId]!.values };
        }
      }
      options.onProgress?.({ done, total: tasks.length, ...(best ? { best } : {}) });
    });
  } finally {
    await executor.close();
  }

  const metricOf = (trial: Trial, window: BarWindow | undefined) => {
    if (window === undefined) return undefined;
    const outcome = outcomes.get(key(trial.id, window.label));
    return outcome?.error === undefined ? metric.valueOf(outcome?.statistics) : null;
  };
  const mean = (values: (number | null | undefined)[]) => {
    const known = values.filter((value): value is number => typeof value === 'number');
    return known.length === values.length && known.length > 0
      ? known.reduce((a, b) => a + b, 0) / known.length
      : null;
  };
  const results: TrialResult[] = trials.map((trial) => {
    const outcome = outcomes.get(key(trial.id, plan.ranking.label));
    const result: TrialResult = {
      id: trial.id,
      values: trial.values,
      status: outcome?.error === undefined && outcome?.statistics ? 'ok' : 'failed',
      metric: outcome?.error === undefined ? metric.valueOf(outcome?.statistics) : null,
    };
    if (outcome?.statistics) result.statistics = outcome.statistics;
    if (outcome?.error !== undefined) result.error = outcome.error;
    else if (outcome === undefined) result.error = 'no result';
    if (plan.folds.length > 0) {
      result.inSample = mean(plan.folds.map((fold) => metricOf(trial, fold.train)));
      result.outOfSample = mean(plan.folds.map((fold) => metricOf(trial, fold.test)));
    }
    return result;
  });
  const ranking = [...results].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'ok' ? -1 : 1;
    if (metric.better(a.metric, b.metric)) return -1;
    if (metric.better(b.metric, a.metric)) return 1;
    return a.id - b.id;
  });
  const winner = ranking[0]!;
  if (winner.status === 'failed') {
    throw new OptimizeInputError(`every trial failed; the first error: ${winner.error ?? 'unknown'}`);
  }

  const folds: FoldResult[] = plan.folds.map((fold, index) => {
    let foldBest: Trial | undefined;
    let foldBestValue: number | null = null;
    for (const trial of trials) {
      const value = metricOf(trial, fold.train) ?? null;
      if (foldBest === undefined || metric.better(value, foldBestValue)) {
        foldBest = trial;
        foldBestValue = value;
      }
    }
    const describe = (window: BarWindow) => ({
      start: iso(data.candles[window.from]!.time),
      end: iso(data.candles[window.to - 1]!.time),
      bars: window.to - window.from,
    });
    return {
      fold: index + 1,
      train: describe(fold.train),
      test: describe(fold.test),
      bestTrialId: foldBest!.id,
      values: foldBest!.values,
      inSample: foldBestValue,
      outOfSample: metricOf(foldBest!, fold.test) ?? null,
    };
  });

  const bestTrial = trials[winner.id]!;
  const rerun = await runTrial({ ...job, strategies }, bestTrial, data.candles, plan.ranking);
  const bestConfig = configFromObject(
    targets.reduce<SystemConfigInput>(
      (tuned, target) => withParameter(tuned, target, bestTrial.values[target.name]!),
      config as SystemConfigInput,
    ),
  );
  const result: OptimizeResult = {
    metric: { name: metric.name, statistic: metric.statistic, maximise: metric.maximise },
    parameters: ranges.map((range, index) => ({
      name: range.name,
      describe: targets[index]!.describe,
      values: range.values,
    })),
    symbol: data.symbol,
    data: {
      ...(data.file ? { file: data.file } : {}),
      bars: data.candles.length,
      start: iso(data.candles[0]!.time),
      end: iso(data.candles[data.candles.length - 1]!.time),
      baseTimeframe: data.baseTimeframe,
    },
    trials: results,
    ranking,
    best: winner,
    bestConfig,
    bestRun: { equity: rerun.equity ?? [], trips: rerun.trips ?? [] },
    rankedOn: {
      label: plan.ranking.label,
      ...(plan.ranking.to < data.candles.length ? { to: iso(data.candles[plan.ranking.to - 1]!.time) } : {}),
    },
    elapsedSeconds: (performance.now() - startedAt) / 1000,
    workers: executor.concurrency,
    failedTrials: results.filter((trial) => trial.status === 'failed').length,
  };
  if (plan.folds.length > 0) {
    const warning = divergenceWarning(ranking.slice(0, 5), folds, metric);
    result.validation = {
      kind: options.walkForward !== undefined ? 'walk_forward' : 'split',
      folds,
      ...(warning ? { warning } : {}),
    };
  }
  return result;
}
