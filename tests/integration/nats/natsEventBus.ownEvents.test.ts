import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatsConsumer } from '../../../src/bus/nats/natsConsumer.js';
import { createNatsCounters } from '../../../src/bus/nats/natsEventBusMetrics.js';
import { NatsSubjects } from '../../../src/bus/nats/natsSubjects.js';
import type { EventOf } from '../../../src/events/tradingEvents.js';
import { eventMaker, natsConfig, natsHarness, silentLogger } from './natsTestSupport.js';

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
