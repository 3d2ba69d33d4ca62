import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors/usageError.js';
import type { TrialRuntime } from '../../optimize/localTrialExecutor.js';
import type { OptimizeProgress, OptimizeResult, optimize } from '../../optimize/optimize.js';
import { checkInputFlags } from '../checkInputFlags.js';
import type { CliIO } from '../cliIO.js';
import type { Command } from '../command.js';
import { flagValue } from '../flagValue.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = [
  'Usage: tradestate optimize --data FILE.csv --param NAME=START:END:STEP [--param ...] [--config FILE]',
  '                           [--symbol SYMBOL] [--metric NAME] [--method grid|random] [--samples N] [--seed N]',
  '                           [--constraint "A < B"] [--workers N] [--runtime thread|process] [--walk-forward FOLDS | --train-until DATE]',
  '                           [--strategies FILE] [--distributed] [--out DIR]',
  '',
  'Backtests every combination of the parameters (each trial a complete backtest through the same supervised',
  'services as `tradestate backtest`) in worker threads, ranks them by a statistic, and writes trials.csv,',
  'best.yaml (reproduces the best trial with `tradestate backtest`), optimize.json and optimize.html.',
  '',
  'Options:',
  '  --data FILE.csv        Bars to test on (parsed once, shared with the workers)',
  '  --param NAME=RANGE     A tuned setting: START:END:STEP or A,B,C. NAME is an indicator setting by the',
  "                         indicator's name (ema_fast.period), a strategy setting by the strategy's name",
  '                         (ema_cross.stop_loss_atr, ema_cross.confirm_bars), or a numeric config path',
  '                         (risk.max_drawdown_percent, trading.sizing.risk_percent). Repeat for each one.',
  '  --config FILE          Configuration the trials start from',
  '  --symbol SYMBOL        Symbol of the file (default: trading.symbol)',
  '  --metric NAME          Rank by: sharpe (default), sortino, calmar, return, profit_factor, max_drawdown,',
  '                         win_rate, net_profit, or any numeric statistic of report.json',
  '  --method grid|random   Every combination (default), or --samples N of them drawn with --seed (default 42)',
  '  --constraint "A < B"   Only trials meeting it (< <= > >= == != between parameters or numbers; "and")',
  '  --workers N            Trials run at once (default: one per core)',
  '  --runtime thread|process  Workers as worker threads (default) or child processes',
  '  --walk-forward FOLDS   Rolling walk-forward: FOLDS+1 windows, each trained on and tested on the next',
  '  --train-until DATE     Train/test split: rank on bars up to DATE, report the rest as out of sample',
  '  --strategies FILE      A module exporting your own strategy definitions',
  '  --distributed          Run trials on `tradestate worker` processes through NATS JetStream (see README)',
  '  --out DIR              Output directory (default: ./optimize-results/<timestamp>/)',
].join('\n');

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(
      `${flag} must be a positive whole number (decimal digits), got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

/** The progress line: trials done, the best so far, ETA; redrawn on a terminal, a plain line every 5 s otherwise. */
function progressPrinter(io: CliIO, metricName: string) {
  const interactive = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const startedAt = performance.now();
  let lastDrawn = 0;
  return {
    update(progress: OptimizeProgress, force = false) {
      const now = performance.now();
      if (!force && now - lastDrawn < (interactive ? 200 : 5_000)) return;
      lastDrawn = now;
      const elapsed = (now - startedAt) / 1000;
      const eta = progress.done > 0 ? (elapsed / progress.done) * (progress.total - progress.done) : 0;
      const best = progress.best
        ? `best ${metricName} ${progress.best.metric === null ? '—' : Number(progress.best.metric.toPrecision(4))} (${Object.entries(
            progress.best.values,
          )
            .map(([name, value]) => `${name}=${value}`)
            .join(' ')})`
        : 'best —';
      const line = `${progress.done}/${progress.total} backtests  ${best}  ETA ${eta.toFixed(0)}s`;
      io.stderr.write(interactive ? `\r\x1b[2K${line}` : `progress: ${line}\n`);
    },
    finish() {
      if (interactive) io.stderr.write('\n');
    },
  };
}

/**
 * The top of the ranking as a terminal table.
 *
 * @example
 * ```ts
 * io.stdout.write(formatTopTrials(result, 10));
 * ```
 */
export function formatTopTrials(result: OptimizeResult, limit: number): string {
  const guard = result.validation !== undefined;
  const header = [
    '#',
    ...result.parameters.map((parameter) => parameter.name),
    result.metric.name,
    ...(guard ? ['in sample', 'out of sample'] : []),
    'trades',
    'return',
    'max dd',
  ];
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : String(Number(value.toPrecision(4)));
  const rows = result.ranking
    .slice(0, limit)
    .map((trial, index) => [
      String(index + 1),
      ...result.parameters.map((parameter) => String(trial.values[parameter.name])),
      trial.status === 'failed' ? 'failed' : number(trial.metric),
      ...(guard ? [number(trial.inSample), number(trial.outOfSample)] : []),
      String(trial.statistics?.trades ?? '—'),
      trial.statistics ? `${(trial.statistics.total_return * 100).toFixed(2)}%` : '—',
      trial.statistics ? `${(trial.statistics.max_drawdown.fraction * 100).toFixed(2)}%` : '—',
    ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * `tradestate optimize`: search strategy, indicator, risk or sizing settings over a grid or a random sample.
 *
 * @example
 * ```ts
 * await optimizeCommand.run(['--data', 'msft.csv', '--param', 'ema_fast.period=5:30:5'], processCliIO());
 * ```
 */
export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'Find the best strategy, indicator or risk settings over a grid or random sample (worker threads)',
  usage,
  examples: [
    'tradestate optimize --data examples/data/msft_2000_2001_daily.csv --symbol MSFT --config examples/config/stocks.yaml --param ema_fast.period=5:30:5 --param ema_slow.period=20:100:10 --constraint "ema_fast.period < ema_slow.period"',
    'tradestate optimize --data examples/data/msft_2000_2001_daily.csv --symbol MSFT --config examples/config/stocks.yaml --param ema_cross.stop_loss_atr=1:3:0.5 --metric sortino --walk-forward 2',
  ],
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string', short: 'd' },
      symbol: { type: 'string', short: 's' },
      config: { type: 'string', short: 'c' },
      param: { type: 'string', multiple: true, short: 'p' },
      constraint: { type: 'string', multiple: true },
      method: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      metric: { type: 'string', short: 'm' },
      workers: { type: 'string', short: 'w' },
      runtime: { type: 'string' },
      'walk-forward': { type: 'string' },
      'train-until': { type: 'string' },
      strategies: { type: 'string' },
      distributed: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
    });
    if (!values.data) throw new UsageError('--data FILE.csv is required');
    if (!values.param || values.param.length === 0) {
      throw new UsageError(
        'name at least one --param NAME=START:END:STEP (e.g. --param ema_fast.period=5:30:5)',
      );
    }
    if (values.method !== undefined && values.method !== 'grid' && values.method !== 'random') {
      throw new UsageError(`--method must be grid or random, got ${JSON.stringify(values.method)}`);
    }
    const samples = positiveInteger('--samples', values.samples);
    // 0 is a seed like any other; the generator takes 32 bits, so a larger one would repeat another's draws.
    const seed = flagValue.integer('--seed', values.seed, { min: 0, max: 4_294_967_295 });
    if (values.method !== 'random') {
      // A grid runs every combination: a sample size or seed there would be ignored without a word.
      const flag =
        values.samples !== undefined ? '--samples' : values.seed !== undefined ? '--seed' : undefined;
      if (flag !== undefined)
        throw new UsageError(
          `${flag} draws a random sample: add --method random (the default, --method grid, runs every combination)`,
        );
    }
    const workers = positiveInteger('--workers', values.workers);
    if (values.runtime !== undefined && values.runtime !== 'process' && values.runtime !== 'thread') {
      throw new UsageError(`--runtime must be thread or process, got ${JSON.stringify(values.runtime)}`);
    }
    const runtime = values.runtime as TrialRuntime | undefined;
    const walkForward = positiveInteger('--walk-forward', values['walk-forward']);
    if (walkForward !== undefined && values['train-until'] !== undefined)
      throw new UsageError('--walk-forward and --train-until exclude each other: choose one');
    const trainUntil = flagValue.date('--train-until', values['train-until']);
    const symbol = flagValue.symbol('--symbol', values.symbol);
    const metricName = values.metric ?? 'sharpe';
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDirectory = resolve(io.cwd, values.out ?? join('optimize-results', stamp));
    // Before any trial: a bad --out found when the report is written would throw the whole job away.
    checkInputFlags(io.cwd, { '--data': values.data, '--config': values.config }, { '--out': outDirectory });
    const cores = availableParallelism();
    if (workers !== undefined && workers > cores && !values.distributed)
      io.stderr.write(
        `Warning: --workers ${workers} is more than the ${cores} cores here: the trials share them, and each worker costs memory and a start-up\n`,
      );
    const progress = progressPrinter(io, metricName);
    let executor: Parameters<typeof optimize>[0]['executor'];
    if (values.distributed) {
      const { DistributedTrialExecutor } = await import(
        '../../optimize/distributed/distributedTrialExecutor.js'
      );
      executor = (data) =>
        DistributedTrialExecutor.connect(data, { env: io.env, log: (line) => io.stderr.write(`${line}\n`) });
    }
    let result: OptimizeResult;
    try {
      // Loaded on use: the worker pool is not part of every command's start-up.
      const { optimize: optimizeTrials } = await import('../../optimize/optimize.js');
      const { defaultTrialRuntime } = await import('../../optimize/localTrialExecutor.js');
      if ((runtime ?? defaultTrialRuntime) === 'thread' && !values.distributed) {
        // The threads share this process's V8 flags, and this process is ours to set them on (a library
        // user's is not: there `optimize()` leaves them alone).
        const { useTrialV8Settings } = await import('../../optimize/trialV8Settings.js');
        useTrialV8Settings(workers ?? cores);
      }
      result = await optimizeTrials({
        data: resolve(io.cwd, values.data),
        ...(values.config !== undefined ? { config: values.config } : {}),
        ...(symbol !== undefined ? { symbol } : {}),
        parameters: values.param,
        constraints: values.constraint ?? [],
        method: (values.method as 'grid' | 'random' | undefined) ?? 'grid',
        ...(samples !== undefined ? { samples } : {}),
        ...(seed !== undefined ? { seed } : {}),
        metric: metricName,
        ...(workers !== undefined ? { workers } : {}),
        ...(runtime !== undefined ? { runtime } : {}),
        ...(walkForward !== undefined ? { walkForward } : {}),
        ...(trainUntil !== undefined ? { trainUntil } : {}),
        ...(values.strategies !== undefined ? { strategiesModule: values.strategies } : {}),
        ...(executor ? { executor } : {}),
        cwd: io.cwd,
        env: io.env,
        onProgress: (state) => progress.update(state, state.done === state.total),
        onNotice: (line) => io.stderr.write(`${line}\n`),
      });
    } finally {
      progress.finish();
    }
    const { writeOptimizeReport } = await import('../../optimize/writeOptimizeReport.js');
    const files = writeOptimizeReport(outDirectory, {
      ...result,
      data: { ...result.data, file: values.data },
    });
    io.stdout.write(
      `Optimisation of ${result.symbol} on ${values.data}: ${result.trials.length} trials, ${result.failedTrials} failed, ${result.workers} ${result.workers === 1 ? 'worker' : 'workers'}, ${result.elapsedSeconds.toFixed(1)} s\n\n${formatTopTrials(result, 10)}\n\n`,
    );
    if (result.validation) {
      io.stdout.write(
        `${result.validation.kind === 'walk_forward' ? 'Walk-forward' : 'Train/test'}: ${result.validation.folds
          .map(
            (fold) =>
              `fold ${fold.fold} best ${Object.entries(fold.values)
                .map(([name, value]) => `${name}=${value}`)
                .join(
                  ' ',
                )} in sample ${fold.inSample?.toPrecision(4) ?? '—'} / out of sample ${fold.outOfSample?.toPrecision(4) ?? '—'}`,
          )
          .join('\n            ')}\n`,
      );
      if (result.validation.warning) io.stderr.write(`Warning: ${result.validation.warning}\n`);
    }
    if (samples !== undefined && samples > result.trials.length)
      io.stderr.write(
        `Note: --samples ${samples} asked for more trials than the ${result.trials.length} combinations the ranges and constraints allow: each ran once\n`,
      );
    io.stdout.write(`Trials: ${files.trials}\nBest:   ${files.best}\nReport: ${files.html}\n`);
    return result.failedTrials > 0 ? 3 : 0;
  },
};
