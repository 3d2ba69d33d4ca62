import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { type OptimizeOptions, optimize } from '../../../src/optimize/optimize.js';
import { optimizeHtml } from '../../../src/optimize/optimizeHtml.js';
import { OptimizeInputError } from '../../../src/optimize/optimizeInputError.js';
import { type OptimizeWorkerData, runOptimizeTask } from '../../../src/optimize/optimizeWorker.js';
import type { TrialExecutor } from '../../../src/optimize/trialExecutor.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const msft = `${examples}data/msft_2000_2001_daily.csv`;
const stocks = `${examples}config/stocks.yaml`;

/** Runs every task in this process, one after another: what a worker thread does, without the thread. */
function inProcess(data: OptimizeWorkerData): TrialExecutor {
  return {
    concurrency: 1,
    async run(tasks, onOutcome) {
      const outcomes = [];
      for (const task of tasks) {
        const outcome = await runOptimizeTask(data, task);
        onOutcome(outcome);
        outcomes.push(outcome);
      }
      return outcomes;
    },
    close: async () => undefined,
  };
}

const grid: OptimizeOptions = {
  config: stocks,
  data: msft,
  symbol: 'MSFT',
  parameters: ['ema_fast.period=10,20', 'ema_slow.period=40'],
  metric: 'total_return',
  executor: inProcess,
};

async function inputError(options: Partial<OptimizeOptions>): Promise<string> {
  const error = await optimize({ ...grid, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OptimizeInputError);
  return (error as Error).message;
}

describe('optimize with trials run in process', () => {
  it('ranks the trials by the metric, best first, and reports the best one with its run', async () => {
    const progress: number[] = [];
    const result = await optimize({ ...grid, onProgress: ({ done }) => progress.push(done) });
    expect(result.trials.map((trial) => trial.values)).toEqual([
      { 'ema_fast.period': 10, 'ema_slow.period': 40 },
      { 'ema_fast.period': 20, 'ema_slow.period': 40 },
    ]);
    expect(result.trials.every((trial) => trial.status === 'ok')).toBe(true);
    const [first, second] = result.ranking;
    expect(first!.metric!).toBeGreaterThanOrEqual(second!.metric!);
    expect(result.best).toEqual(first);
    expect(result.bestRun.equity.length).toBeGreaterThan(0);
    expect(result.workers).toBe(1);
    expect(progress).toEqual([1, 2]);
  });

  it('stops with the first error when every trial failed', async () => {
    const failing = (): TrialExecutor => ({
      concurrency: 1,
      async run(tasks, onOutcome) {
        const outcomes = tasks.map((task) => ({
          trialId: task.trial.id,
          window: task.window.label,
          error: `worker lost on trial ${task.trial.id}`,
        }));
        for (const outcome of outcomes) onOutcome(outcome);
        return outcomes;
      },
      close: async () => undefined,
    });
    expect(await inputError({ executor: failing })).toBe(
      'every trial failed; the first error: worker lost on trial 0',
    );
  });
});

describe('optimize refusing its input before any trial runs', () => {
  it('refuses a parameter given twice', async () => {
    expect(await inputError({ parameters: ['ema_fast.period=10', 'ema_fast.period=20'] })).toBe(
      '--param ema_fast.period is given twice',
    );
  });

  it('refuses a fractional value for a whole-number setting', async () => {
    expect(await inputError({ parameters: ['ema_fast.period=10,12.5'] })).toMatch(
      /^--param ema_fast\.period: .* takes whole numbers, got 12\.5$/,
    );
  });

  it('refuses a range whose end the configuration does not accept, saying why', async () => {
    expect(await inputError({ parameters: ['ema_fast.period=0,10'] })).toMatch(
      /^--param ema_fast\.period: the value 0 is not accepted: /,
    );
  });

  it('refuses data with fewer than 2 bars, naming where it came from', async () => {
    expect(await inputError({ data: { candles: [], symbol: 'MSFT', baseTimeframe: '1440' } as never })).toBe(
      'the data has 0 bars; a backtest needs at least 2',
    );
  });
});

describe('optimizeHtml of a run with a train/test split', () => {
  it('ranks on the training data, shows one parameter as a scatter, the split and the command to reproduce', async () => {
    const result = await optimize({
      ...grid,
      parameters: ['ema_fast.period=10,20'],
      trainUntil: '2000-12-31',
    });
    expect(result.rankedOn).toEqual({ label: 'train', to: expect.stringMatching(/^2000-12-/) });
    expect(result.validation?.kind).toBe('split');
    const html = optimizeHtml(result, { reproduce: 'tradestate optimize --param "ema_fast.period=10,20"' });
    expect(html).toContain('on the training data up to 2000-12-');
    expect(html).toContain('Train / test split: in sample against out of sample');
    expect(html).toContain('<table id="folds">');
    expect(html).toContain(
      'Reproduce: <code>tradestate optimize --param &#34;ema_fast.period=10,20&#34;</code>',
    );
    expect(html).toContain('<svg id="scatter"');
    expect(html).not.toContain('<svg id="heatmap"');
  });
});

describe('optimizeHtml of a run over three parameters ranked by a metric to minimise', () => {
  it('notes that each heatmap cell is the best over the third parameter, and colours the lowest drawdown green', async () => {
    const result = await optimize({
      ...grid,
      parameters: ['ema_fast.period=10,20', 'ema_slow.period=40', 'ema_cross.stop_loss_atr=1,3'],
      metric: 'max_drawdown',
    });
    expect(result.metric.maximise).toBe(false);
    expect(result.trials).toHaveLength(4);
    const drawdowns = result.trials.map((trial) => trial.metric!);
    expect(result.best.metric).toBe(Math.min(...drawdowns));
    const html = optimizeHtml(result, { reproduce: 'tradestate optimize' });
    expect(html).toContain('Each cell shows the best trial over the other parameters.');
    expect(html).not.toContain('<svg id="scatter"');
    // The best trial is drawn thick in the parallel coordinates, at the green end of the scale.
    const bestLine = /<polyline points="[^"]*" fill="none" stroke="([^"]+)" stroke-width="3"/.exec(html);
    expect(bestLine?.[1]).toBe('hsl(120, 65%, 55%)');
  });
});

describe('optimize called as a library', () => {
  it('takes a configuration object, candles in memory and ranges as objects, and gives the trials of the file form', async () => {
    const fromFiles = await optimize(grid);
    const source = await CsvDataSource.fromFile(msft, { symbol: 'MSFT' });
    const fromObjects = await optimize({
      config: parse(readFileSync(stocks, 'utf8')),
      data: { candles: source.candles, symbol: 'MSFT', baseTimeframe: source.baseTimeframe },
      parameters: [
        { name: 'ema_fast.period', values: [10, 20] },
        { name: 'ema_slow.period', values: [40] },
      ],
      metric: 'total_return',
      executor: inProcess,
    });
    expect(fromObjects.trials.map((trial) => [trial.values, trial.statistics])).toEqual(
      fromFiles.trials.map((trial) => [trial.values, trial.statistics]),
    );
    expect(fromObjects.data.file).toBeUndefined();
    expect(fromFiles.data.file).toBe(msft);
  });
});
