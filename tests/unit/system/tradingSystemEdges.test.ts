import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const T0 = Date.parse('2025-01-06T00:00:00Z');
/** A flat market: prices do not matter here, only how candles are counted. */
const flat = { open: 1.1, high: 1.1003, low: 1.0997, close: 1.1, volume: 10 };
const bar = (index: number): Candle => ({ time: T0 + index * 60_000, ...flat });

const system = (count: number) =>
  createTradingSystem(
    {},
    {
      dataSource: new IterableDataSource({ EURUSD: Array.from({ length: count }, (_, index) => bar(index)) }),
      logger: pino({ level: 'silent' }),
    },
  );

describe('TradingSystem stopped or aborted before it trades', () => {
  it('a stop while the services start ends the run quietly, with nothing traded', async () => {
    const trading = await system(20);
    const running = trading.run();
    await trading.stop();
    const summary = await running;
    expect(summary.candles).toBe(0);
    expect(trading.getAllMetrics().orchestrator.status).toBe('stopped');
  });

  it('a run whose signal is already aborted trades nothing', async () => {
    const trading = await system(20);
    const summary = await trading.run({ signal: AbortSignal.abort() });
    await trading.stop();
    expect(summary.candles).toBe(0);
    expect(summary.orders).toBe(0);
  });

  it('a backtest with no time to run (maxDurationSeconds 0) trades nothing: its first cycle reads the clock', async () => {
    const trading = await system(20);
    const summary = await trading.run({ maxDurationSeconds: 0 });
    await trading.stop();
    expect(summary.candles).toBe(0);
  });
});

describe('TradingSystem candle count', () => {
  it('counts a base candle delivered again once, and no candle of another timeframe', async () => {
    const trading = await system(5);
    await trading.run();
    expect(trading.summary().candles).toBe(5);
    const events = new EventFactory(new SimulatedClock(T0), createIdGenerator(7));
    const candle = (timeframe: string, index: number) =>
      events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe, bar: bar(index) });

    trading.bus.publish(candle('1', 4)); // at-least-once delivery: the last candle again
    trading.bus.publish(candle('1', 2)); // an older one
    trading.bus.publish(candle('5', 5)); // not the base timeframe
    await trading.bus.drain();
    expect(trading.summary().candles).toBe(5);

    trading.bus.publish(candle('1', 5));
    await trading.bus.drain();
    expect(trading.summary().candles).toBe(6);
    await trading.stop();
  });
});

describe('TradingSystem on a source that reads its file ahead', () => {
  it('starts the simulated clock at the first bar the source announces (firstTime), not at the synthetic start', async () => {
    const first = Date.parse('2019-03-04T09:30:00Z');
    const source = Object.assign(new IterableDataSource({ EURUSD: [{ ...bar(0), time: first }] }), {
      firstTime: first,
    });
    const trading = await createTradingSystem({}, { dataSource: source, logger: pino({ level: 'silent' }) });
    expect(trading.clock.now()).toBe(first);
    await trading.stop();
  });
});
