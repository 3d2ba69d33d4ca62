import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/bus/eventBus.js';
import { EventBusOverflowError } from '../../../src/bus/eventBusOverflowError.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { capturingLogger, eventMaker } from './busFixtures.js';

const silent = pino({ level: 'silent' });

/** Publishes `count` events with no subscriber running in between, returning them. */
function publishMany(bus: EventBus, count: number): TradingEvent[] {
  const { authorized } = eventMaker();
  const events: TradingEvent[] = [];
  for (let index = 0; index < count; index++) {
    const event = authorized();
    events.push(event);
    bus.publish(event);
  }
  return events;
}

describe('EventBus in async mode', () => {
  it('returns from publish before any handler runs, then delivers in publish order on drain', async () => {
    const bus = new EventBus({ mode: 'async', logger: silent });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = publishMany(bus, 3);

    expect(seen).toEqual([]);
    expect(bus.getMetrics().queue_depth).toBe(3);
    await bus.drain();

    expect(seen).toEqual(events.map((event) => event.eventId));
    expect(bus.getMetrics()).toMatchObject({ queue_depth: 0, queue_high_water: 3, events_delivered: 3 });
  });

  it('queues an event published by a handler behind the events already waiting', async () => {
    const bus = new EventBus({ mode: 'async' });
    const { authorized, blocked } = eventMaker();
    const calls: string[] = [];
    bus.subscribe('TradingAuthorizedEvent', (event) => {
      calls.push(`A:${event.symbol}`);
      if (event.symbol === 'EURUSD') bus.publish(blocked('EURUSD', event));
    });
    bus.subscribe('TradingBlockedEvent', (event) => {
      calls.push(`B:${event.symbol}`);
    });
    bus.publish(authorized('EURUSD'));
    bus.publish(authorized('GBPUSD'));
    await bus.drain();
    expect(calls).toEqual(['A:EURUSD', 'A:GBPUSD', 'B:EURUSD']);
  });

  it('waits in drain for the promises handlers return', async () => {
    const bus = new EventBus({ mode: 'async' });
    const finished: string[] = [];
    bus.subscribe('TradingAuthorizedEvent', async (event) => {
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      finished.push(event.eventId);
    });
    const events = publishMany(bus, 2);
    await bus.drain();
    expect(finished).toEqual(events.map((event) => event.eventId));
  });

  it('resolves drain at once when nothing is queued or pending', async () => {
    const bus = new EventBus({ mode: 'async' });
    await expect(bus.drain()).resolves.toBeUndefined();
  });

  it('runs each handler in the event correlation scope, which survives its awaits and reaches its logs', async () => {
    const { logger, lines } = capturingLogger();
    const bus = new EventBus({ mode: 'async', logger });
    const { authorized } = eventMaker();
    const scopes: Array<string | undefined> = [];
    bus.subscribe('TradingAuthorizedEvent', async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      scopes.push(CorrelationContext.current());
      throw new Error('late failure');
    });
    const first = authorized();
    const second = authorized();
    CorrelationContext.run(() => {
      bus.publish(first);
      bus.publish(second);
    }, 'publisher-scope');
    await bus.drain();

    expect(scopes).toEqual([first.correlationId, second.correlationId]);
    expect(lines.map((line) => line.correlation_id)).toEqual([first.correlationId, second.correlationId]);
    expect(bus.getMetrics().errors_by_type).toEqual({ TradingAuthorizedEvent: 2 });
  });

  it('isolates a throwing handler so the others still receive every event', async () => {
    const bus = new EventBus({ mode: 'async', logger: silent });
    let received = 0;
    bus.subscribe('TradingAuthorizedEvent', () => {
      throw new Error('boom');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      received++;
    });
    publishMany(bus, 4);
    await bus.drain();
    expect(received).toBe(4);
    expect(bus.getMetrics().handler_errors).toBe(4);
  });
});

describe('EventBus overflow', () => {
  it('drop_oldest keeps the newest maxQueueSize events and counts each drop', async () => {
    const bus = new EventBus({ mode: 'async', maxQueueSize: 3, overflowPolicy: 'drop_oldest' });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = publishMany(bus, 7);
    await bus.drain();
    expect(seen).toEqual(events.slice(4).map((event) => event.eventId));
    expect(bus.getMetrics()).toMatchObject({
      events_published: 7,
      events_delivered: 3,
      events_dropped: 4,
      queue_high_water: 3,
    });
  });

  it('drop_newest keeps the first maxQueueSize events, refuses the rest and leaves them out of history', async () => {
    const bus = new EventBus({ mode: 'async', maxQueueSize: 3, overflowPolicy: 'drop_newest' });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = publishMany(bus, 5);
    await bus.drain();
    expect(seen).toEqual(events.slice(0, 3).map((event) => event.eventId));
    expect(bus.getMetrics()).toMatchObject({ events_published: 5, events_delivered: 3, events_dropped: 2 });
    expect(bus.getHistory()).toEqual(events.slice(0, 3));
  });

  it('error throws EventBusOverflowError naming the type, and the refused event is neither counted nor delivered', async () => {
    const bus = new EventBus({ mode: 'async', maxQueueSize: 2, overflowPolicy: 'error' });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const { authorized } = eventMaker();
    const accepted = [authorized(), authorized()];
    for (const event of accepted) bus.publish(event);

    const refused = authorized();
    expect(() => bus.publish(refused)).toThrow(EventBusOverflowError);
    expect(() => bus.publish(refused)).toThrow(/TradingAuthorizedEvent/);
    await bus.drain();

    expect(seen).toEqual(accepted.map((event) => event.eventId));
    expect(bus.getMetrics()).toMatchObject({ events_published: 2, events_dropped: 0 });
    bus.publish(refused); // room again after the drain
    await bus.drain();
    expect(seen).toHaveLength(3);
  });

  it('keeps published = delivered + dropped across a queue that grows past its first allocation', async () => {
    const bus = new EventBus({ mode: 'async', maxQueueSize: 500, overflowPolicy: 'drop_oldest' });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = publishMany(bus, 1234);
    await bus.drain();
    const metrics = bus.getMetrics();
    expect(metrics.events_dropped).toBe(734);
    expect(metrics.events_delivered).toBe(500);
    expect(seen).toEqual(events.slice(734).map((event) => event.eventId));
  });

  it('delivers more events than one drain batch, all of them in publish order', async () => {
    const bus = new EventBus({ mode: 'async' });
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = publishMany(bus, 3000);
    await bus.drain();
    expect(seen).toEqual(events.map((event) => event.eventId));
  });
});
