import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { optimize } from '../../../src/optimize/optimize.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const root = join(import.meta.dirname, '../../..');
const msft = join(root, 'examples/data/msft_2000_2001_daily.csv');
const stocks = join(root, 'examples/config/stocks.yaml');
/** `tradestate optimize` on the MSFT example from `config`, before the flags of a test. */
const optimizeMsft = (config: string) => ['optimize', '--data', msft, '--symbol', 'MSFT', '--config', config];

const grid = {
  config: stocks,
  data: msft,
  symbol: 'MSFT',
  parameters: ['ema_fast.period=10:30:10', 'ema_slow.period=30:50:10'],
  constraints: ['ema_fast.period < ema_slow.period'],
  metric: 'sharpe',
};

describe('optimize', () => {
  it('gives the same trials and the same best whatever the number of workers and whether they are processes or threads', async () => {
    const one = await optimize({ ...grid, workers: 1 });
    const two = await optimize({ ...grid, workers: 2 });
    const twoProcesses = await optimize({ ...grid, workers: 2, runtime: 'process' });
    expect(one.trials.length).toBe(8);
    expect(two.trials.map((trial) => trial.statistics)).toEqual(one.trials.map((trial) => trial.statistics));
    expect(twoProcesses.trials.map((trial) => trial.statistics)).toEqual(
      one.trials.map((trial) => trial.statistics),
    );
    expect(two.best.values).toEqual(one.best.values);
    // The ranking is by the metric, best first, ties by trial number.
    const metrics = one.ranking.map((trial) => trial.metric ?? Number.NEGATIVE_INFINITY);
    expect([...metrics].sort((a, b) => b - a)).toEqual(metrics);
    // The best trial run again in the coordinator gives the statistics the worker reported.
    expect(one.bestRun.trips.length).toBe(one.best.statistics?.trades);
  });

  it('a walk-forward measures each trial in and out of sample, fold by fold', async () => {
    const result = await optimize({ ...grid, workers: 2, walkForward: 2 });
    expect(result.validation?.kind).toBe('walk_forward');
    expect(result.validation?.folds).toHaveLength(2);
    for (const fold of result.validation!.folds) {
      expect(fold.train.bars).toBe(83);
      expect(new Date(fold.test.start).getTime()).toBeGreaterThan(new Date(fold.train.end).getTime());
    }
    for (const trial of result.trials) {
      expect(typeof trial.inSample).toBe('number');
      expect(typeof trial.outOfSample).toBe('number');
    }
  });
});

describe('tradestate optimize', () => {
  it('writes trials.csv, best.yaml, optimize.json and optimize.html, and best.yaml reproduces the best trial with tradestate backtest', async () => {
    const { io, stdout } = fakeCliIO();
    const code = await main(
      [
        ...optimizeMsft(stocks),
        '--param',
        'ema_fast.period=10:30:10',
        '--param',
        'ema_slow.period=30:50:10',
        '--constraint',
        'ema_fast.period < ema_slow.period',
        '--workers',
        '2',
        '--out',
        'opt',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(stdout()).toMatch(/8 trials, 0 failed, 2 workers/);
    const summary = JSON.parse(readFileSync(join(io.cwd, 'opt/optimize.json'), 'utf8'));
    const trials = readFileSync(join(io.cwd, 'opt/trials.csv'), 'utf8').trim().split('\n');
    expect(trials).toHaveLength(9);
    expect(trials[0]).toMatch(/^trial,status,ema_fast.period,ema_slow.period,sharpe,/);
    const html = readFileSync(join(io.cwd, 'opt/optimize.html'), 'utf8');
    expect(html).toContain('<svg id="heatmap"');
    expect(html).not.toMatch(/<script|https?:\/\//);

    const backtest = fakeCliIO({ cwd: io.cwd });
    const backtestCode = await main(
      [
        'backtest',
        '--data',
        msft,
        '--symbol',
        'MSFT',
        '--config',
        join(io.cwd, 'opt/best.yaml'),
        '--out',
        'bt',
      ],
      backtest.io,
    );
    expect(backtestCode).toBe(0);
    const report = JSON.parse(readFileSync(join(io.cwd, 'bt/report.json'), 'utf8'));
    expect(report.summary.sharpe_ratio).toBe(summary.best.metric);
    expect(report.summary.trades).toBe(summary.best.statistics.trades);
    expect(report.summary.final_equity).toBe(summary.best.statistics.final_equity);
  });

  it.each([
    [
      ['--param', 'ema_fats.period=5:10:5'],
      /unknown parameter "ema_fats.period".*Parameters that exist: ema_fast.period/,
    ],
    [['--param', 'ema_fast.period=30:5:5'], /the range is empty/],
    [['--param', 'ema_fast.period=5:10:2.5'], /takes whole numbers, got 7.5/],
    [['--param', 'ema_fast.period=0:10:5'], /the value 0 is not accepted/],
    [
      ['--param', 'ema_fast.period=5:10:5', '--constraint', 'ema_fast.period > 50'],
      /no trial satisfies the constraints/,
    ],
    [
      ['--param', 'ema_fast.period=5:10:5', '--metric', 'sharp'],
      /--metric "sharp" is not a statistic \(did you mean "sharpe"\?\); choose one of: sharpe/,
    ],
    [['--param', 'ema_fast.period=5:10:5', '--workers', '0x2'], /--workers must be a positive whole number/],
    [['--param', 'ema_fast.period=5:10:5', '--runtime', 'fibre'], /--runtime must be thread or process/],
  ])('%o exits 2 before any trial runs, naming the problem', async (flags, message) => {
    const { io, stderr } = fakeCliIO();
    const code = await main([...optimizeMsft(stocks), ...flags], io);
    expect(code).toBe(2);
    expect(stderr()).toMatch(message);
  });

  it.each(['thread', 'process'])(
    'a trial whose worker (runtime %s) dies is retried, then reported failed, and the job completes (exit 3)',
    async (runtime) => {
      const { io, stdout } = fakeCliIO();
      const code = await main(
        [
          ...optimizeMsft(join(root, 'tests/fixtures/optimize/killer.yaml')),
          '--strategies',
          join(root, 'tests/fixtures/optimize/threadKillingStrategy.js'),
          '--param',
          'killer.lookback=12:14:1',
          '--metric',
          'return',
          '--workers',
          '2',
          '--runtime',
          runtime,
          '--out',
          'opt',
        ],
        io,
      );
      expect(code).toBe(3);
      expect(stdout()).toMatch(/3 trials, 1 failed/);
      const trials = readFileSync(join(io.cwd, 'opt/trials.csv'), 'utf8');
      expect(trials).toMatch(/\n1,failed,13,.*worker died 2 times running this trial/);
      expect(trials).toMatch(/\n0,ok,12,/);
      expect(trials).toMatch(/\n2,ok,14,/);
    },
  );
});
