import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/bus/eventBus.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { capturingLogger, eventMaker } from './busFixtures.js';

const silent = pino({ level: 'silent' });

describe('EventBus in sync mode', () => {
  it('delivers to type and wildcard handlers in subscription order before publish returns', () => {
    const bus = new EventBus({ mode: 'sync', logger: silent });
    const { authorized } = eventMaker();
    const calls: string[] = [];
    bus.subscribe('*', () => {
      calls.push('wildcard-1');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('typed-1');
    });
    bus.subscribe('TradingBlockedEvent', () => {
      calls.push('other-type');
    });
    bus.subscribe('*', () => {
      calls.push('wildcard-2');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('typed-2');
    });

    bus.publish(authorized());

    expect(calls).toEqual(['wildcard-1', 'typed-1', 'wildcard-2', 'typed-2']);
  });

  it('delivers events in publish order', () => {
    const bus = new EventBus({ mode: 'sync' });
    const { authorized, blocked } = eventMaker();
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.eventId);
    });
    const events = [authorized(), blocked(), authorized()];
    for (const event of events) bus.publish(event);
    expect(seen).toEqual(events.map((event) => event.eventId));
  });

  it('hands each handler its event typed by the subscribed type', () => {
    const bus = new EventBus();
    const { blocked } = eventMaker();
    const reasons: string[][] = [];
    bus.subscribe('TradingBlockedEvent', (event) => {
      reasons.push(event.reasons);
    });
    bus.publish(blocked());
    expect(reasons).toEqual([['news_block']]);
  });

  it('delivers a nested publish depth-first, before the remaining handlers of the outer event', () => {
    const bus = new EventBus({ mode: 'sync' });
    const { authorized, blocked } = eventMaker();
    const calls: string[] = [];
    bus.subscribe('TradingAuthorizedEvent', (event) => {
      calls.push('A1');
      bus.publish(blocked('EURUSD', event));
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('A2');
    });
    bus.subscribe('TradingBlockedEvent', () => {
      calls.push('B1');
    });

    bus.publish(authorized());

    expect(calls).toEqual(['A1', 'B1', 'A2']);
  });

  it('keeps delivering to the other handlers when one throws, counting and logging the error with its correlation id', () => {
    const { logger, lines } = capturingLogger();
    const bus = new EventBus({ mode: 'sync', logger });
    const { authorized } = eventMaker();
    const received: string[] = [];
    bus.subscribe('TradingAuthorizedEvent', () => {
      received.push('before');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      throw new Error('boom');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      received.push('after');
    });
    const event = authorized();

    bus.publish(event);

    expect(received).toEqual(['before', 'after']);
    const metrics = bus.getMetrics();
    expect(metrics.handler_errors).toBe(1);
    expect(metrics.errors_by_type).toEqual({ TradingAuthorizedEvent: 1 });
    expect(metrics.recent_errors).toEqual([
      { type: 'TradingAuthorizedEvent', correlationId: event.correlationId, message: 'boom' },
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      correlation_id: event.correlationId,
      event_type: 'TradingAuthorizedEvent',
      err: { message: 'boom' },
    });
  });

  it('counts a rejected handler promise as a handler error without affecting the others', async () => {
    const bus = new EventBus({ mode: 'sync', logger: silent });
    const { blocked } = eventMaker();
    let delivered = 0;
    bus.subscribe('TradingBlockedEvent', async () => {
      throw new Error('async boom');
    });
    bus.subscribe('TradingBlockedEvent', () => {
      delivered++;
    });

    bus.publish(blocked());
    await bus.drain();

    expect(delivered).toBe(1);
    expect(bus.getMetrics().errors_by_type).toEqual({ TradingBlockedEvent: 1 });
    expect(bus.getMetrics().recent_errors[0]?.message).toBe('async boom');
  });

  it('keeps only the most recent handler errors in recent_errors', () => {
    const bus = new EventBus({ mode: 'sync', recentErrorsLimit: 2 });
    const { authorized } = eventMaker();
    let count = 0;
    bus.subscribe('TradingAuthorizedEvent', () => {
      throw new Error(`failure ${++count}`);
    });
    for (let index = 0; index < 3; index++) bus.publish(authorized());
    const metrics = bus.getMetrics();
    expect(metrics.handler_errors).toBe(3);
    expect(metrics.recent_errors.map((error) => error.message)).toEqual(['failure 2', 'failure 3']);
  });

  it('runs handlers in the correlation scope of the event they receive', () => {
    const bus = new EventBus({ mode: 'sync' });
    const { authorized } = eventMaker();
    const scopes: Array<string | undefined> = [];
    bus.subscribe('TradingAuthorizedEvent', () => {
      scopes.push(CorrelationContext.current());
    });
    const event = authorized();
    bus.publish(event);
    CorrelationContext.run(() => bus.publish(event), 'someone-else');
    expect(scopes).toEqual([event.correlationId, event.correlationId]);
  });
});

describe('EventBus subscriptions', () => {
  it('stops delivering to an unsubscribed handler and reports whether the id was known', () => {
    const bus = new EventBus();
    const { authorized } = eventMaker();
    let calls = 0;
    const id = bus.subscribe('TradingAuthorizedEvent', () => {
      calls++;
    });
    bus.publish(authorized());
    expect(bus.unsubscribe(id)).toBe(true);
    expect(bus.unsubscribe(id)).toBe(false);
    bus.publish(authorized());
    expect(calls).toBe(1);
  });

  it('does not call a handler that an earlier handler unsubscribed during the same delivery', () => {
    const bus = new EventBus();
    const { authorized } = eventMaker();
    const calls: string[] = [];
    let laterId = '';
    bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('first');
      bus.unsubscribe(laterId);
    });
    laterId = bus.subscribe('*', () => {
      calls.push('later');
    });
    bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('last');
    });

    bus.publish(authorized());
    bus.publish(authorized());

    expect(calls).toEqual(['first', 'last', 'first', 'last']);
  });

  it('lets a handler unsubscribe itself and subscribe a new handler that only sees later events', () => {
    const bus = new EventBus();
    const { authorized } = eventMaker();
    const calls: string[] = [];
    const selfId: string = bus.subscribe('TradingAuthorizedEvent', () => {
      calls.push('once');
      bus.unsubscribe(selfId);
      bus.subscribe('TradingAuthorizedEvent', () => {
        calls.push('new');
      });
    });

    bus.publish(authorized());
    bus.publish(authorized());

    expect(calls).toEqual(['once', 'new']);
  });

  it('unsubscribes a wildcard handler from every type', () => {
    const bus = new EventBus();
    const { authorized, blocked } = eventMaker();
    let calls = 0;
    const id = bus.subscribe('*', () => {
      calls++;
    });
    bus.publish(authorized());
    bus.unsubscribe(id);
    bus.publish(authorized());
    bus.publish(blocked());
    expect(calls).toBe(1);
  });
});

describe('EventBus history', () => {
  it('filters by type and correlation id and limits to the most recent, oldest first', () => {
    const bus = new EventBus({ historySize: 10 });
    const { authorized, blocked } = eventMaker();
    const first = authorized();
    const chained = blocked('EURUSD', first);
    const other = authorized('GBPUSD');
    const last = authorized('USDJPY');
    for (const event of [first, chained, other, last]) bus.publish(event);

    expect(bus.getHistory().map((event) => event.eventId)).toEqual(
      [first, chained, other, last].map((event) => event.eventId),
    );
    expect(bus.getHistory({ type: 'TradingAuthorizedEvent' })).toEqual([first, other, last]);
    expect(bus.getHistory({ correlationId: first.correlationId })).toEqual([first, chained]);
    expect(bus.getHistory({ type: 'TradingAuthorizedEvent', limit: 2 })).toEqual([other, last]);
  });

  it('evicts the oldest events once the ring is full', () => {
    const bus = new EventBus({ historySize: 3 });
    const { authorized } = eventMaker();
    const events: TradingEvent[] = [];
    for (let index = 0; index < 5; index++) {
      const event = authorized();
      events.push(event);
      bus.publish(event);
    }
    expect(bus.getHistory()).toEqual(events.slice(2));
  });

  it('keeps nothing when historySize is 0', () => {
    const bus = new EventBus({ historySize: 0 });
    bus.publish(eventMaker().authorized());
    expect(bus.getHistory()).toEqual([]);
  });
});

describe('EventBus metrics', () => {
  it('reports the seed counters, per-type counts and subscription counts', () => {
    const bus = new EventBus({ mode: 'sync' });
    const { authorized, blocked } = eventMaker();
    bus.subscribe('TradingAuthorizedEvent', () => {});
    bus.subscribe('TradingAuthorizedEvent', () => {});
    bus.subscribe('*', () => {});
    bus.publish(authorized());
    bus.publish(authorized());
    bus.publish(blocked());

    expect(bus.getMetrics()).toEqual({
      events_published: 3,
      events_delivered: 3,
      handler_errors: 0,
      event_types_subscribed: 2,
      subscriptions: 3,
      published_by_type: { TradingAuthorizedEvent: 2, TradingBlockedEvent: 1 },
      errors_by_type: {},
      recent_errors: [],
      queue_depth: 0,
      queue_high_water: 0,
      events_dropped: 0,
      mode: 'sync',
    });
  });

  it('builds from config.event_bus', () => {
    const bus = EventBus.fromConfig(
      EventBusConfigSchema.parse({
        mode: 'async',
        history_size: 2,
        max_queue_size: 5,
        overflow_policy: 'drop_newest',
      }),
      silent,
    );
    expect(bus.mode).toBe('async');
    expect(bus.getMetrics().mode).toBe('async');
  });
});
