import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { ClockedDataSource } from '../../../src/system/clockedDataSource.js';
import { SimulatedClock } from '../../../src/util/clock.js';

const T0 = Date.parse('2025-01-06T10:00:00Z');
const bar = (minute: number): Candle => ({
  time: T0 + minute * 60_000,
  open: 1.1,
  high: 1.2,
  low: 1.0,
  close: 1.15,
  volume: 1,
});

describe('ClockedDataSource', () => {
  it('moves the simulated clock to the close of every bar it hands out, firing timers due by then', () => {
    const clock = new SimulatedClock(T0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('90s'), 90_000);
    const source = new ClockedDataSource(new IterableDataSource({ EURUSD: [bar(0), bar(1)] }), clock, 60_000);
    expect(source.next('EURUSD')).toEqual(bar(0));
    expect(clock.now()).toBe(T0 + 60_000);
    expect(fired).toEqual([]);
    source.next('EURUSD');
    expect(clock.now()).toBe(T0 + 120_000);
    expect(fired).toEqual(['90s']);
  });

  it('leaves the clock alone at the end of the data and never moves it backwards', () => {
    const clock = new SimulatedClock(T0 + 3_600_000);
    const source = new ClockedDataSource(new IterableDataSource({ EURUSD: [bar(0)] }), clock, 60_000);
    source.next('EURUSD');
    expect(source.next('EURUSD')).toBeUndefined();
    expect(clock.now()).toBe(T0 + 3_600_000);
    expect(source.isExhausted('EURUSD')).toBe(true);
  });

  it('advances the clock when an asynchronous source resolves', async () => {
    async function* feed() {
      yield bar(5);
    }
    const clock = new SimulatedClock(T0);
    const source = new ClockedDataSource(new IterableDataSource({ EURUSD: feed() }), clock, 60_000);
    const pending = source.next('EURUSD');
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(bar(5));
    expect(clock.now()).toBe(T0 + 6 * 60_000);
  });
});
