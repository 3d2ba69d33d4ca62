import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatsConsumer } from '../../../src/bus/nats/natsConsumer.js';
import { createNatsCounters } from '../../../src/bus/nats/natsEventBusMetrics.js';
import { NatsSubjects } from '../../../src/bus/nats/natsSubjects.js';
import type { EventOf } from '../../../src/events/tradingEvents.js';
import { eventMaker, natsConfig, natsHarness, silentLogger, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

describe('NatsEventBus: what a process observes of itself', () => {
  it('hands a process only the events it publishes itself, as it publishes them, creating no durable consumer', async () => {
    const names = harness.names('own');
    const config = natsConfig(names);
    const here = await harness.bus(config, 'here');
    const elsewhere = await harness.bus(config, 'elsewhere');
    const seen: Array<EventOf<'ServiceFailedEvent'>> = [];
    here.observeOwn('ServiceFailedEvent', (event) => {
      seen.push(event);
    });
    const make = eventMaker(7);
    const theirs = make('ServiceFailedEvent', { service: 'strategy_evaluation', error: 'theirs' });
    const ours = make('ServiceFailedEvent', { service: 'data_fetching', error: 'ours' });
    elsewhere.publish(theirs);
    await elsewhere.drain();
    here.publish(ours);
    // Handed over during publish, before JetStream acknowledged anything.
    expect(seen).toEqual([ours]);
    await here.drain();

    expect(seen).toEqual([ours]);
    const consumers = await harness.jsm.consumers.list(names.stream).next();
    expect(consumers.map((consumer) => consumer.name)).toEqual([]);
    expect(here.getMetrics().events_published).toBe(1);
  });

  it('counts a handler of its own events that throws as a handler error, and still publishes the event', async () => {
    const names = harness.names('ownthrow');
    const bus = await harness.bus(natsConfig(names), 'here');
    bus.observeOwn('ServiceFailedEvent', () => {
      throw new Error('observer broke');
    });
    bus.publish(eventMaker(8)('ServiceFailedEvent', { service: 'data_fetching', error: 'boom' }));
    await bus.drain();

    const metrics = bus.getMetrics();
    expect(metrics.handler_errors).toBe(1);
    expect(metrics.recent_errors).toEqual([
      expect.objectContaining({ type: 'ServiceFailedEvent', message: 'observer broke' }),
    ]);
    const info = await harness.jsm.streams.info(names.stream);
    expect(info.state.messages).toBe(1);
  });
});

describe('NatsConsumer stopped while it starts', () => {
  it('finishes stopping when the stop comes after the durable was created and before consuming began', async () => {
    const names = harness.names('stopstart');
    // The stream, through a bus.
    await harness.bus(natsConfig(names), 'owner');
    const js = harness.jsm.jetstream();
    let stopping: Promise<void> | undefined;
    // The stop arrives between creating the durable and consuming it: the window in which a process whose
    // other consumer failed to start (a permission refused) used to hang on its way out.
    const interceptingJs = {
      consumers: {
        get: async (stream: string, name: string) => {
          const found = await js.consumers.get(stream, name);
          stopping = consumer.stop();
          return found;
        },
      },
    } as unknown as typeof js;
    const consumer = new NatsConsumer(
      interceptingJs,
      harness.jsm,
      {
        stream: names.stream,
        prefix: names.prefix,
        durableName: 'stopstart_NewCandleEvent',
        filterSubject: NatsSubjects.filter(names.prefix, 'NewCandleEvent'),
        type: 'NewCandleEvent',
        maxDeliver: 3,
        nakDelayMs: 20,
        ackWaitMs: 2_000,
        seenSetSize: 10,
      },
      {
        handlers: () => [],
        delivered: () => undefined,
        received: () => undefined,
        handlerFailed: () => undefined,
      },
      createNatsCounters(),
      silentLogger,
    );
    await consumer.start();
    expect(stopping).toBeDefined();
    // A hang fails here through the test's timeout; nothing is timed.
    await expect(stopping).resolves.toBeUndefined();
  });
});

describe('NatsConsumer whose pull the client ends with an error', () => {
  it('logs it, pulls from the durable again and handles every message once, instead of crashing or stopping', async () => {
    const names = harness.names('pullfail');
    const owner = await harness.bus(natsConfig(names), 'owner');
    const js = harness.jsm.jetstream();
    let pulls = 0;
    // The first pull hands over one message, then ends as the client ends a pull the server refused.
    const failingFirstPull = {
      consumers: {
        get: async (stream: string, name: string) => {
          const found = await js.consumers.get(stream, name);
          return {
            consume: async (options: Parameters<typeof found.consume>[0]) => {
              const messages = await found.consume(options);
              if (++pulls > 1) return messages;
              const iterator = messages[Symbol.asyncIterator]();
              let handed = 0;
              return Object.assign(Object.create(messages), {
                async *[Symbol.asyncIterator]() {
                  const first = await iterator.next();
                  if (!first.done && handed++ === 0) yield first.value;
                  // The client's own iterator ends (a close completes once an iterator has taken it).
                  const closing = messages.close();
                  while (!(await iterator.next()).done);
                  await closing;
                  throw new Error('pull refused by the server');
                },
              });
            },
          };
        },
      },
    } as unknown as typeof js;
    const handled: number[] = [];
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (_fields: unknown, message: string) => errors.push(message) };
    const make = eventMaker(11);
    const candles = [1, 2, 3].map((minute) =>
      make('NewCandleEvent', {
        symbol: 'EURUSD',
        timeframe: '1',
        bar: { time: minute * 60_000, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 100 },
      }),
    );
    for (const candle of candles) owner.publish(candle);
    await owner.drain();
    const consumer = new NatsConsumer(
      failingFirstPull,
      harness.jsm,
      {
        stream: names.stream,
        prefix: names.prefix,
        durableName: 'pullfail_NewCandleEvent',
        filterSubject: NatsSubjects.filter(names.prefix, 'NewCandleEvent'),
        type: 'NewCandleEvent',
        maxDeliver: 5,
        nakDelayMs: 20,
        ackWaitMs: 1_000,
        seenSetSize: 10,
      },
      {
        handlers: () => [
          ['count', (event) => void handled.push((event as EventOf<'NewCandleEvent'>).bar.time)],
        ],
        delivered: () => undefined,
        received: () => undefined,
        handlerFailed: () => undefined,
      },
      createNatsCounters(),
      logger as unknown as typeof silentLogger,
    );
    await consumer.start();
    // Redelivered after ack_wait at the latest; a consumer that stopped for good fails here.
    await waitUntil(() => handled.length >= 3, 'the three candles to be handled');
    await consumer.stop();

    expect(pulls).toBe(2);
    expect(errors).toContain('NATS consumer stopped receiving; pulling again');
    expect(handled).toEqual([60_000, 120_000, 180_000]);
    const durable = await harness.jsm.consumers.info(names.stream, 'pullfail_NewCandleEvent');
    expect(durable.num_pending + durable.num_ack_pending).toBe(0);
  });
});
