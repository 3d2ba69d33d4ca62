import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatsSubjects } from '../../../src/bus/nats/natsSubjects.js';
import { NatsWireFormat } from '../../../src/bus/nats/natsWireFormat.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { eventTypes } from '../../../src/events/tradingEvents.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { eventMaker, natsConfig, natsHarness, oneOfEach, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

describe('NatsEventBus round trip', () => {
  it('delivers every event type to another connection unchanged, handler running in the event correlation scope', async () => {
    const names = harness.names('roundtrip');
    const config = natsConfig(names);
    const producer = await harness.bus(config, 'producer');
    const observer = await harness.bus(config, 'observer');
    const received: Array<{ event: TradingEvent; scope: string | undefined }> = [];
    observer.subscribe('*', (event) => {
      received.push({ event, scope: CorrelationContext.current() });
    });
    await observer.ready();

    const sent = oneOfEach(eventMaker(1));
    expect(sent.map((event) => event.type).sort()).toEqual([...eventTypes].sort());
    for (const event of sent) producer.publish(event);
    await producer.drain();
    await waitUntil(() => received.length === sent.length, `${sent.length} events at the observer`);

    expect(received.map((entry) => entry.event)).toEqual(sent);
    for (const { event, scope } of received) expect(scope).toBe(event.correlationId);
    expect(new Set(received.map((entry) => entry.event.correlationId)).size).toBe(1);
    expect(observer.getMetrics()).toMatchObject({
      messages_received: sent.length,
      messages_acked: sent.length,
      malformed_messages: 0,
    });
    expect(producer.getMetrics()).toMatchObject({
      events_published: sent.length,
      publish_errors: 0,
      queue_depth: 0,
    });
  });

  it('stores events under <prefix>.<type>.<symbol>, "_" for service events, with eventId and correlation headers', async () => {
    const names = harness.names('subjects');
    const bus = await harness.bus(natsConfig(names), 'producer');
    const make = eventMaker(2);
    const candle = make('NewCandleEvent', {
      symbol: 'BTC.USD',
      timeframe: '1',
      bar: { time: 0, open: 1, high: 2, low: 1, close: 2, volume: 1 },
    });
    const serviceEvent = make('ServiceFailedEvent', { service: 'data_fetching', error: 'boom' });
    bus.publish(candle);
    bus.publish(serviceEvent);
    await bus.drain();

    const info = await harness.jsm.streams.info(names.stream, { subjects_filter: '>' });
    expect(Object.keys(info.state.subjects ?? {}).sort()).toEqual([
      `${names.prefix}.NewCandleEvent.BTC_USD`,
      `${names.prefix}.ServiceFailedEvent._`,
    ]);
    const stored = await harness.jsm.streams.getMessage(names.stream, {
      last_by_subj: NatsSubjects.forEvent(names.prefix, candle),
    });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(candle.eventId);
    expect(stored?.header.get('correlation-id')).toBe(candle.correlationId);
    expect(JSON.parse(new TextDecoder().decode(stored?.data))).toEqual({ v: 1, event: candle });
    expect(NatsWireFormat.decode(stored!.data)).toEqual({ ok: true, event: candle });
  });

  it('delivers a process its own events back through the stream', async () => {
    const names = harness.names('self');
    const bus = await harness.bus(natsConfig(names), 'solo');
    const received: TradingEvent[] = [];
    bus.subscribe('TradingBlockedEvent', (event) => {
      received.push(event);
    });
    const blocked = eventMaker(3)('TradingBlockedEvent', { symbol: 'EURUSD', reasons: ['news_block'] });
    bus.publish(blocked);
    await waitUntil(() => received.length === 1, 'the own event');
    expect(received).toEqual([blocked]);
    expect(bus.getHistory()).toEqual([blocked]);
  });

  it('writes an order to the socket at once, after what the turn held before it; other events wait for the end of the turn', async () => {
    const names = harness.names('orderatonce');
    const bus = await harness.bus(natsConfig(names), 'execution');
    const sent = oneOfEach(eventMaker(3));
    const candle = sent.find((event) => event.type === 'NewCandleEvent')!;
    const order = sent.find((event) => event.type === 'OrderPlacedEvent')!;
    const handed: string[] = [];
    const publish = bus.connection.publish.bind(bus.connection);
    bus.connection.publish = (subject, data, options) => {
      handed.push(subject);
      publish(subject, data, options);
    };
    let socketFlushes = 0;
    const flush = bus.connection.flush.bind(bus.connection);
    bus.connection.flush = () => {
      socketFlushes++;
      return flush();
    };
    const subjects = (events: TradingEvent[]) =>
      events.map((event) => NatsSubjects.forEvent(names.prefix, event));

    bus.publish(candle);
    expect(handed).toEqual([]);
    bus.publish(order);
    expect(handed).toEqual(subjects([candle, order]));
    // Written to the socket now, not in a later microtask.
    expect(socketFlushes).toBe(1);
    await bus.drain();
    const info = await harness.jsm.streams.info(names.stream);
    expect(info.state.messages).toBe(2);
  });
});
