import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { type BarWindow, runTrial, type TrialJob } from '../../../src/optimize/runTrial.js';

const minute = 60_000;
const start = Date.UTC(2025, 0, 6);
/** 200 one-minute bars falling, then 200 rising: the fast EMA crosses above the slow one a few bars after 200. */
const candles: Candle[] = Array.from({ length: 400 }, (_, index) => {
  const close = index < 200 ? 1.2 - index * 0.0005 : 1.1 + (index - 200) * 0.0005;
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
        { name: 'ema_slow', type: 'ema', period: 50 },
        { name: 'atr', type: 'atr', period: 14 },
      ],
    },
    strategy_evaluation: {
      strategies: [{ name: 'ema_cross', type: 'ema_crossover', stop_loss_atr: 2, max_holding_bars: 30 }],
    },
  },
} as SystemConfigInput);
const job: TrialJob = {
  config: config as SystemConfigInput,
  targets: [],
  symbol: 'EURUSD',
  baseTimeframe: '1',
};
const trial = { id: 0, values: {} };
const rising: BarWindow = { from: 200, to: 400, label: 'window 2' };

describe('runTrial on a window', () => {
  it('a cold window cannot trade the crossover that happens before its slow EMA has warmed up', async () => {
    const { trips, error } = await runTrial(job, trial, candles, rising);
    expect(error).toBeUndefined();
    expect(trips?.every((trip) => trip.entry_time >= candles[250]!.time)).toBe(true);
  });

  it('with warm-up bars the window trades that crossover, and never on a warm-up bar', async () => {
    const { trips } = await runTrial(job, trial, candles, { ...rising, warmup: 200 });
    expect(trips?.[0]?.direction).toBe('long');
    expect(trips![0]!.entry_time).toBeGreaterThanOrEqual(candles[200]!.time);
    expect(trips![0]!.entry_time).toBeLessThan(candles[250]!.time);
  });

  it('a warmed window reads no bar after its end nor before its warm-up: changing them changes nothing', async () => {
    const window: BarWindow = { from: 200, to: 300, label: 'window 2', warmup: 100 };
    const altered = candles.map((bar, index) =>
      index < 100 || index >= 300 ? { ...bar, open: 2, high: 2.1, low: 1.9, close: 2 } : bar,
    );
    const original = await runTrial(job, trial, candles, window);
    const changed = await runTrial(job, trial, altered, window);
    expect(original.statistics?.trades).toBeGreaterThan(0);
    expect(changed.statistics).toEqual(original.statistics);
    expect(changed.trips).toEqual(original.trips);
  });
});
