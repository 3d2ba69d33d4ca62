import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { type BarWindow, runTrial, type TrialJob } from '../../../src/optimize/runTrial.js';
import { warmUpWorker } from '../../../src/optimize/warmUpWorker.js';

const minute = 60_000;
const start = Date.UTC(2025, 0, 6);
/** 600 one-minute bars swinging down and up, so the EMA crossover trades several times. */
const candles: Candle[] = Array.from({ length: 600 }, (_, index) => {
  const close = 1.1 + 0.05 * Math.sin(index / 40);
  return {
    time: start + index * minute,
    open: close,
    high: close + 0.0002,
    low: close - 0.0002,
    close,
    volume: 1,
  };
});
const config = configFromObject({
  trading: { symbol: 'EURUSD', symbols: ['EURUSD'] },
  services: {
    indicator_calculation: {
      indicators: [
        { name: 'ema_fast', type: 'ema', period: 5 },
        { name: 'ema_slow', type: 'ema', period: 30 },
        { name: 'atr', type: 'atr', period: 14 },
      ],
    },
    strategy_evaluation: { strategies: [{ name: 'ema_cross', type: 'ema_crossover', stop_loss_atr: 2 }] },
  },
} as SystemConfigInput);
const job: TrialJob = {
  config: config as SystemConfigInput,
  targets: [],
  symbol: 'EURUSD',
  baseTimeframe: '1',
};
const trial = { id: 0, values: {} };
const whole: BarWindow = { from: 0, to: candles.length, label: 'all' };

describe('warmUpWorker', () => {
  it('warms up on a window at least as long as the shortest warmed one, not on a shorter one', async () => {
    expect(await warmUpWorker(job, trial, candles, whole, { bars: 100, shortestWindow: 600 })).toBe(true);
    expect(await warmUpWorker(job, trial, candles, whole, { bars: 100, shortestWindow: 601 })).toBe(false);
  });

  it('leaves the trials that follow it unchanged: the same statistics and round trips as before it', async () => {
    const before = await runTrial(job, trial, candles, whole);
    expect(before.trips?.length).toBeGreaterThan(1);
    await warmUpWorker(job, trial, candles, whole, { bars: 250, shortestWindow: 0 });
    const after = await runTrial(job, trial, candles, whole);
    expect(after.statistics).toEqual(before.statistics);
    expect(after.trips).toEqual(before.trips);
  });
});
