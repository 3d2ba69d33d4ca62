import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { eventMaker, natsConfig, natsHarness, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const bar = { time: 0, open: 1, high: 2, low: 1, close: 2, volume: 1 };

describe('NatsEventBus subject filtering', () => {
  it('gives a type subscription only its type and a symbol subscription only its symbol; "*" gets everything', async () => {
    const names = harness.names('filter');
    const config = natsConfig(names);
    const producer = await harness.bus(config, 'producer');
    const consumer = await harness.bus(config, 'consumer');
    const candles: TradingEvent[] = [];
    const gbpCandles: TradingEvent[] = [];
    const everything: TradingEvent[] = [];
    consumer.subscribe('NewCandleEvent', (event) => {
      candles.push(event);
    });
    consumer.subscribe(
      'NewCandleEvent',
      (event) => {
        gbpCandles.push(event);
      },
      { symbol: 'GBPUSD' },
    );
    consumer.subscribe('*', (event) => {
      everything.push(event);
    });

    const make = eventMaker(10);
    const eurCandle = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    const blocked = make('TradingBlockedEvent', { symbol: 'GBPUSD', reasons: ['session_closed'] });
    const restarted = make('ServiceRestartedEvent', { service: 'trade_execution', restart_count: 2 });
    // Last on purpose: every consumer handles the stream in order, so once it sees this, it saw the rest.
    const gbpCandle = make('NewCandleEvent', { symbol: 'GBPUSD', timeframe: '1', bar });
    for (const event of [eurCandle, blocked, restarted, gbpCandle]) producer.publish(event);
    await producer.drain();

    await waitUntil(
      () => [candles, gbpCandles, everything].every((list) => list.at(-1)?.eventId === gbpCandle.eventId),
      'the last candle at every consumer',
    );
    expect(candles).toEqual([eurCandle, gbpCandle]);
    expect(gbpCandles).toEqual([gbpCandle]);
    expect(everything).toEqual([eurCandle, blocked, restarted, gbpCandle]);
    expect(consumer.getMetrics()).toMatchObject({ event_types_subscribed: 3, subscriptions: 3 });
  });

  it('runs every handler of one type on one durable consumer, so each gets every event', async () => {
    const names = harness.names('fanout');
    const bus = await harness.bus(natsConfig(names), 'fanout');
    const first: string[] = [];
    const second: string[] = [];
    bus.subscribe('RegimeChangedEvent', (event) => {
      first.push(event.eventId);
    });
    bus.subscribe('RegimeChangedEvent', (event) => {
      second.push(event.eventId);
    });
    const make = eventMaker(11);
    const changes = [1, 2, 3].map(() =>
      make('RegimeChangedEvent', { symbol: 'EURUSD', timeframe: '1', old_regime: 'a', new_regime: 'b' }),
    );
    for (const event of changes) bus.publish(event);
    await waitUntil(() => first.length === 3 && second.length === 3, 'three events at both handlers');
    expect(first).toEqual(changes.map((event) => event.eventId));
    expect(second).toEqual(first);
    const consumers = await harness.jsm.consumers.list(names.stream).next();
    expect(consumers.map((info) => info.name)).toEqual(['fanout_RegimeChangedEvent']);
  });

  it('stops delivering to a handler once unsubscribed and keeps the durable on the server', async () => {
    const names = harness.names('unsub');
    const bus = await harness.bus(natsConfig(names), 'unsub');
    const received: string[] = [];
    const id = bus.subscribe('ServiceFailedEvent', (event) => {
      received.push(event.eventId);
    });
    const make = eventMaker(12);
    const before = make('ServiceFailedEvent', { service: 'x', error: 'first' });
    bus.publish(before);
    await waitUntil(() => received.length === 1, 'the first event');
    expect(bus.unsubscribe(id)).toBe(true);
    expect(bus.unsubscribe(id)).toBe(false);
    await bus.drain();
    bus.publish(make('ServiceFailedEvent', { service: 'x', error: 'second' }));
    await bus.drain();

    const info = await harness.jsm.consumers.info(names.stream, 'unsub_ServiceFailedEvent');
    expect(info.num_pending).toBe(1);
    expect(received).toEqual([before.eventId]);
    expect(bus.getMetrics().subscriptions).toBe(0);
  });
});
