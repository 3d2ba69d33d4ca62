import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { SimulatedClock, SystemClock } from '../../../src/util/clock.js';

const T0 = Date.parse('2025-01-06T00:00:00Z');
const msft = 'tests/fixtures/market/msft_2000_2001_daily.csv';

function bars(count: number): Candle[] {
  return Array.from({ length: count }, (_, index) => {
    const close = 1.1 + 0.003 * Math.sin(index / 9);
    return {
      time: T0 + index * 60_000,
      open: close,
      high: close + 0.0003,
      low: close - 0.0003,
      close,
      volume: 10,
    };
  });
}

/** A logger whose JSON lines are kept, to assert what the system said. */
function recordingLogger() {
  const records: Array<{ msg: string; level: number }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => records.push(JSON.parse(line)) });
  return { logger, messages: () => records.map((record) => record.msg) };
}

describe('TradingSystem', () => {
  it('stops once when stop() is called twice at the same time (Ctrl-C during the final stop)', async () => {
    const { logger, messages } = recordingLogger();
    const system = await createTradingSystem(
      {},
      { dataSource: new IterableDataSource({ EURUSD: bars(5) }), logger },
    );
    await system.run();
    await Promise.all([system.stop(), system.stop()]);
    await system.stop();
    expect(messages().filter((message) => message === 'Stopping services')).toHaveLength(1);
    expect(messages().some((message) => /ignored STOP/.test(message))).toBe(false);
    expect(system.getAllMetrics().orchestrator.status).toBe('stopped');
  });

  it('ends a replay when the data is exhausted and counts candles and signals from the bus', async () => {
    const system = await createTradingSystem(
      {},
      { dataSource: new IterableDataSource({ EURUSD: bars(300) }), logger: pino({ level: 'silent' }) },
    );
    let entries = 0;
    let orders = 0;
    system.bus.subscribe('EntrySignalEvent', () => {
      entries += 1;
    });
    system.bus.subscribe('OrderPlacedEvent', () => {
      orders += 1;
    });
    const cycles: number[] = [];
    const summary = await system.run({ onCycle: (candles) => cycles.push(candles) });
    await system.stop();
    expect(summary.candles).toBe(300);
    expect(summary.entry_signals).toBe(entries);
    expect(system.summary().orders).toBe(orders);
    expect(cycles.at(-1)).toBe(300);
    expect(entries).toBeGreaterThan(0);
  });

  it('stops at maxCandles', async () => {
    const system = await createTradingSystem(
      {},
      { dataSource: new IterableDataSource({ EURUSD: bars(50) }), logger: pino({ level: 'silent' }) },
    );
    const summary = await system.run({ maxCandles: 20 });
    await system.stop();
    expect(summary.candles).toBe(20);
    expect(summary.metrics.services.data_fetching).toMatchObject({ data_fetches: 20 });
  });
});

describe('createTradingSystem', () => {
  const silent = { logger: pino({ level: 'silent' }) };

  it('starts the simulated clock of a CSV replay at its first bar, not at the synthetic start', async () => {
    const config: SystemConfigInput = {
      trading: { symbol: 'MSFT', data_source: { type: 'csv', path: msft } },
    };
    const system = await createTradingSystem(config, silent);
    expect(system.clock).toBeInstanceOf(SimulatedClock);
    expect(system.clock.now()).toBe(Date.parse('2000-09-27T00:00:00Z'));
    expect(system.baseTimeframe).toBe('1440');
    await system.stop();
  });

  it('keeps only the timeframes that can be built from the base bars, base first, and warns about the rest', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const system = await createTradingSystem(
      { trading: { timeframes: ['5', '1', '7'] }, services: { strategy_evaluation: { strategies: [] } } },
      { dataSource: new IterableDataSource({ EURUSD: bars(1) }), logger },
    );
    expect(system.timeframes).toEqual(['1', '5', '7']);
    const daily = await createTradingSystem(
      {
        trading: { symbol: 'MSFT', timeframes: ['1', '60'], data_source: { type: 'csv', path: msft } },
        services: { strategy_evaluation: { strategies: [] } },
      },
      { logger },
    );
    expect(daily.timeframes).toEqual(['1440']);
    expect(
      warnings.some((message) => /Timeframes 1, 60 cannot be built from 1440-minute bars/.test(message)),
    ).toBe(true);
  });

  it('uses wall-clock time in live mode and a synchronous bus in backtest mode', async () => {
    const live = await createTradingSystem({}, { ...silent, mode: 'live' });
    expect(live.clock).toBeInstanceOf(SystemClock);
    const backtest = await createTradingSystem(
      { event_bus: { mode: 'async' } },
      { ...silent, mode: 'backtest' },
    );
    expect(backtest.bus.getMetrics().mode).toBe('sync');
    const accelerated = await createTradingSystem({ event_bus: { mode: 'async' } }, silent);
    expect(accelerated.bus.getMetrics().mode).toBe('async');
  });
});
