import { headers } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatsSubjects } from '../../../src/bus/nats/natsSubjects.js';
import { NatsWireFormat } from '../../../src/bus/nats/natsWireFormat.js';
import { eventMaker, natsConfig, natsHarness, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const bar = { time: 0, open: 1, high: 2, low: 1, close: 2, volume: 1 };
const encoder = new TextEncoder();

describe('NatsEventBus delivery guarantees', () => {
  it('stores an eventId published twice once (stream dedup) and the handler sees it once', async () => {
    const names = harness.names('pubdedup');
    const bus = await harness.bus(natsConfig(names), 'dedup');
    const seen: string[] = [];
    bus.subscribe('NewCandleEvent', (event) => {
      seen.push(event.eventId);
    });
    const make = eventMaker(20);
    const candle = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    const sentinel = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    bus.publish(candle);
    bus.publish(candle);
    bus.publish(sentinel);
    await bus.drain();
    await waitUntil(() => seen.includes(sentinel.eventId), 'the sentinel');

    expect(seen).toEqual([candle.eventId, sentinel.eventId]);
    expect(bus.getMetrics()).toMatchObject({ events_published: 3, publish_duplicates: 1 });
    expect((await harness.jsm.streams.info(names.stream)).state.messages).toBe(2);
  });

  it('runs an async handler for one message at a time, in stream order', async () => {
    const names = harness.names('oneatatime');
    const bus = await harness.bus(natsConfig(names), 'serial');
    const started: string[] = [];
    let running = 0;
    let overlapped = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    bus.subscribe('NewCandleEvent', async (event) => {
      running++;
      if (running > 1) overlapped = true;
      started.push(event.eventId);
      // The first message holds the consumer: the others arrive meanwhile and must wait their turn.
      if (started.length === 1) await gate;
      else await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
    });
    const make = eventMaker(23);
    const candles = [1, 2, 3, 4, 5].map((time) =>
      make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar: { ...bar, time } }),
    );
    for (const candle of candles) bus.publish(candle);
    await bus.drain();
    await waitUntil(() => started.length === 1, 'the first candle');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toHaveLength(1);
    release();
    await waitUntil(() => started.length === candles.length, 'every candle');
    await waitUntil(() => bus.getMetrics().messages_acked === candles.length, 'every ack');
    expect(overlapped).toBe(false);
    expect(started).toEqual(candles.map((candle) => candle.eventId));
  });

  it('skips an eventId that reaches the consumer twice (published outside the dedup window) and acks it', async () => {
    const names = harness.names('rxdedup');
    const bus = await harness.bus(natsConfig(names), 'dedup');
    const seen: string[] = [];
    bus.subscribe('NewCandleEvent', (event) => {
      seen.push(event.eventId);
    });
    const candle = eventMaker(21)('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    const subject = NatsSubjects.forEvent(names.prefix, candle);
    const js = harness.jsm.jetstream();
    // Different message ids defeat the stream's dedup, as a publisher retrying after the window would.
    await js.publish(subject, NatsWireFormat.encode(candle), { msgID: 'first' });
    await js.publish(subject, NatsWireFormat.encode(candle), { msgID: 'second' });
    await waitUntil(() => bus.getMetrics().messages_acked === 2, 'both copies acked');

    expect(seen).toEqual([candle.eventId]);
    expect(bus.getMetrics()).toMatchObject({ duplicates_skipped: 1, events_delivered: 1 });
  });

  it('naks a message whose handler throws, gets it redelivered, and does not rerun handlers that succeeded', async () => {
    const names = harness.names('redeliver');
    const bus = await harness.bus(natsConfig(names), 'retry');
    let flakyCalls = 0;
    let steadyCalls = 0;
    let handledOnAttempt = 0;
    bus.subscribe('EntrySignalEvent', () => {
      steadyCalls++;
    });
    bus.subscribe('EntrySignalEvent', () => {
      flakyCalls++;
      if (flakyCalls === 1) throw new Error('broker not ready');
      handledOnAttempt = flakyCalls;
    });
    const signal = eventMaker(22)('EntrySignalEvent', {
      symbol: 'EURUSD',
      strategy_name: 'ema_cross',
      direction: 'short',
      timeframe: '1',
      candle_time: 0,
      price: 1.1,
    });
    bus.publish(signal);
    await waitUntil(
      () => handledOnAttempt > 0 && bus.getMetrics().messages_acked === 1,
      'the retry to succeed',
    );

    expect(handledOnAttempt).toBe(2);
    expect(steadyCalls).toBe(1);
    expect(bus.getMetrics()).toMatchObject({
      messages_received: 2,
      messages_redelivered: 1,
      handler_errors: 1,
      errors_by_type: { EntrySignalEvent: 1 },
      dead_lettered: 0,
    });
    expect(bus.getMetrics().recent_errors).toEqual([
      { type: 'EntrySignalEvent', correlationId: signal.correlationId, message: 'broker not ready' },
    ]);
  });

  it('dead-letters a message whose handler fails max_deliver times, then carries on with the next one', async () => {
    const names = harness.names('poison');
    const bus = await harness.bus(natsConfig(names, { max_deliver: 3 }), 'poison');
    const handled: string[] = [];
    let attempts = 0;
    bus.subscribe('OrderPlacedEvent', (event) => {
      if (event.client_order_id === 'poison') {
        attempts++;
        throw new Error('cannot place');
      }
      handled.push(event.client_order_id);
    });
    const make = eventMaker(23);
    const order = (client_order_id: string) =>
      make('OrderPlacedEvent', {
        symbol: 'EURUSD',
        order_type: 'market',
        direction: 'long',
        size: 1,
        client_order_id,
        strategy_name: 's',
        intent: 'open',
      });
    const poison = order('poison');
    bus.publish(poison);
    bus.publish(order('healthy'));
    await waitUntil(
      () => bus.getMetrics().dead_lettered === 1 && handled.length === 1,
      'dead letter and next',
    );

    expect(attempts).toBe(3);
    expect(handled).toEqual(['healthy']);
    const letter = await harness.jsm.streams.getMessage(names.stream, {
      last_by_subj: `${names.prefix}.deadletter.handler_failed`,
    });
    expect(letter?.header.get('deadletter-reason')).toBe('handler_failed');
    expect(letter?.header.get('deadletter-detail')).toBe('cannot place');
    expect(letter?.header.get('deadletter-consumer')).toBe('poison_OrderPlacedEvent');
    expect(letter?.header.get('deadletter-subject')).toBe(NatsSubjects.forEvent(names.prefix, poison));
    expect(NatsWireFormat.decode(letter!.data)).toEqual({ ok: true, event: poison });
    const info = await harness.jsm.consumers.info(names.stream, 'poison_OrderPlacedEvent');
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('counts, dead-letters and acks malformed, unversioned, schema-invalid and mislabelled messages, and keeps consuming', async () => {
    const names = harness.names('malformed');
    const bus = await harness.bus(natsConfig(names), 'strict');
    const candles: string[] = [];
    bus.subscribe('NewCandleEvent', (event) => {
      candles.push(event.eventId);
    });
    const make = eventMaker(24);
    const good = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    const blocked = make('TradingBlockedEvent', { symbol: 'EURUSD', reasons: ['x'] });
    const subject = `${names.prefix}.NewCandleEvent.EURUSD`;
    const js = harness.jsm.jetstream();
    await js.publish(subject, encoder.encode('{not json'));
    await js.publish(subject, encoder.encode(JSON.stringify({ v: 99, event: good })));
    await js.publish(
      subject,
      encoder.encode(JSON.stringify({ v: 1, event: { ...good, bar: { ...bar, high: 0 } } })),
    );
    await js.publish(subject, NatsWireFormat.encode(blocked)); // a valid event on another type's subject
    bus.publish(good);
    await waitUntil(() => candles.length === 1, 'the good candle after the bad messages');

    expect(candles).toEqual([good.eventId]);
    expect(bus.getMetrics()).toMatchObject({ malformed_messages: 4, dead_lettered: 4, messages_acked: 5 });
    const reasons = await harness.jsm.streams.info(names.stream, {
      subjects_filter: `${names.prefix}.deadletter.>`,
    });
    expect(reasons.state.subjects).toEqual({
      [`${names.prefix}.deadletter.malformed`]: 1,
      [`${names.prefix}.deadletter.unsupported_version`]: 1,
      [`${names.prefix}.deadletter.invalid`]: 2,
    });
    const invalid = await harness.jsm.streams.getMessage(names.stream, {
      last_by_subj: `${names.prefix}.deadletter.invalid`,
    });
    expect(invalid?.header.get('deadletter-detail')).toContain('TradingBlockedEvent');
  });

  it('lets a "*" subscriber ignore the dead letters stored in the same stream', async () => {
    const names = harness.names('wildcard');
    const bus = await harness.bus(natsConfig(names), 'audit');
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.type);
    });
    const letterHeaders = headers();
    letterHeaders.set('deadletter-reason', 'malformed');
    await harness.jsm
      .jetstream()
      .publish(NatsSubjects.deadLetter(names.prefix, 'malformed'), encoder.encode('x'), {
        headers: letterHeaders,
      });
    bus.publish(eventMaker(25)('ServiceFailedEvent', { service: 'a', error: 'b' }));
    await waitUntil(
      () => seen.length === 1 && bus.getMetrics().messages_acked === 2,
      'the event after the letter',
    );

    expect(seen).toEqual(['ServiceFailedEvent']);
    expect(bus.getMetrics()).toMatchObject({ malformed_messages: 0, dead_lettered: 0, messages_received: 1 });
  });
});
