import { describe, expect, it } from 'vitest';
import { MockEventBus } from '../../../src/bus/mockEventBus.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { NewCandleEvent } from '../../../src/events/tradingEvents.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { subscribeBarExecution } from '../../../src/execution/publishBarExecution.js';
import { TradeExecutor } from '../../../src/execution/tradeExecutor.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';
import { capturingLogger } from '../bus/busFixtures.js';
import { at, entry, makeConfig } from './executionFixtures.js';

const frictionless = { spread_pips: 0, slippage_pips: 0, commission_per_lot: 0 };

function setup(options: { service?: { onBar(event: NewCandleEvent): void }; limitExpiry?: number } = {}) {
  const config = makeConfig({
    fill_price: 'next_open',
    broker: frictionless,
    limit_expiry_bars: options.limitExpiry ?? 20,
    symbols: ['EURUSD', 'GBPUSD'],
  });
  const broker = new PaperBroker({ trading: config.trading });
  const executor = new TradeExecutor({ broker, ...config });
  const bus = new MockEventBus();
  const events = new EventFactory(new SimulatedClock(at('2025-01-06T09:00:00Z')), createIdGenerator(1));
  const { logger, lines } = capturingLogger();
  subscribeBarExecution(bus, executor, {
    events,
    logger,
    baseTimeframe: '1',
    skip: (symbol) => symbol === 'GBPUSD',
    service: () => options.service,
  });
  const candle = (iso: string, open: number, low: number, symbol = 'EURUSD', timeframe = '1') =>
    events.create('NewCandleEvent', {
      symbol,
      timeframe,
      bar: { time: at(iso), open, high: open + 0.0005, low, close: open, volume: 1 },
    });
  return { bus, broker, executor, lines, candle };
}

describe('subscribeBarExecution while the execution service is not running', () => {
  it('fills queued orders and stops at the bar and publishes OrderPlacedEvent itself, the stop caused by the bar', async () => {
    const { bus, broker, executor, candle } = setup();
    const signal = entry('2025-01-06T09:00:00Z', { stop_loss: 1.095 });
    await executor.execute(signal);
    bus.publish(candle('2025-01-06T09:01:00Z', 1.1, 1.0999));
    const stopBar = candle('2025-01-06T09:02:00Z', 1.0998, 1.094);
    bus.publish(stopBar);
    const placed = bus.publishedOf('OrderPlacedEvent');
    expect(placed.map((event) => [event.intent, event.price])).toEqual([
      ['open', 1.1],
      ['close', 1.095],
    ]);
    expect(placed[0]?.causationId).toBe(signal.eventId);
    expect(placed[1]?.causationId).toBe(stopBar.eventId);
    expect(broker.getPositions()).toEqual([]);
  });

  it('leaves bars of other timeframes and skipped symbols alone', async () => {
    const { bus, broker, executor, candle } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    bus.publish(candle('2025-01-06T09:05:00Z', 1.1, 1.0999, 'EURUSD', '5'));
    bus.publish(candle('2025-01-06T09:01:00Z', 1.1, 1.0999, 'GBPUSD'));
    expect(broker.getFills()).toEqual([]);
    expect(executor.workingOrders()).toHaveLength(1);
  });

  it('logs a limit entry cancelled unfilled', async () => {
    const { bus, executor, lines, candle } = setup({ limitExpiry: 1 });
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.09 }));
    bus.publish(candle('2025-01-06T09:01:00Z', 1.1, 1.0999));
    bus.publish(candle('2025-01-06T09:02:00Z', 1.1, 1.0999));
    expect(lines.map((line) => line.msg)).toContain(
      'Order cancelled: limit open long 0.1 EURUSD @ 1.09 not reached (limit_expired)',
    );
  });

  it('hands the bar to the running service instead', async () => {
    const seen: string[] = [];
    const { bus, broker, executor, candle } = setup({
      service: { onBar: (event) => seen.push(event.eventId) },
    });
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    const bar = candle('2025-01-06T09:01:00Z', 1.1, 1.0999);
    bus.publish(bar);
    expect(seen).toEqual([bar.eventId]);
    expect(broker.getFills()).toEqual([]);
  });
});
