import { describe, expect, it } from 'vitest';
import { MockEventBus } from '../../../src/bus/mockEventBus.js';
import { eventMaker } from './busFixtures.js';

describe('MockEventBus', () => {
  it('records published events and answers hasPublished by type and predicate', () => {
    const bus = new MockEventBus();
    const { authorized, blocked } = eventMaker();
    bus.publish(authorized('EURUSD'));
    bus.publish(blocked('GBPUSD'));

    expect(bus.hasPublished('TradingAuthorizedEvent')).toBe(true);
    expect(bus.hasPublished('OrderPlacedEvent')).toBe(false);
    expect(bus.hasPublished('TradingBlockedEvent', (event) => event.symbol === 'GBPUSD')).toBe(true);
    expect(bus.hasPublished('TradingBlockedEvent', (event) => event.symbol === 'EURUSD')).toBe(false);
    expect(bus.publishedOf('TradingBlockedEvent').map((event) => event.reasons)).toEqual([['news_block']]);
    expect(bus.published.map((event) => event.type)).toEqual([
      'TradingAuthorizedEvent',
      'TradingBlockedEvent',
    ]);
  });

  it('delivers synchronously so a subscriber under test is driven by publish, recording its output too', () => {
    const bus = new MockEventBus();
    const { authorized, blocked } = eventMaker();
    // Stand-in for a service: reacts to one event by publishing another.
    bus.subscribe('TradingAuthorizedEvent', (event) => bus.publish(blocked(event.symbol, event)));

    const trigger = authorized('USDJPY');
    bus.publish(trigger);

    expect(bus.publishedOf('TradingBlockedEvent')).toEqual([
      expect.objectContaining({
        symbol: 'USDJPY',
        causationId: trigger.eventId,
        correlationId: trigger.correlationId,
      }),
    ]);
    expect(bus.getMetrics().events_published).toBe(2);
  });

  it('forgets recorded events on clear but keeps its subscriptions', () => {
    const bus = new MockEventBus();
    const { authorized } = eventMaker();
    let delivered = 0;
    bus.subscribe('*', () => {
      delivered++;
    });
    bus.publish(authorized());
    bus.clear();
    expect(bus.hasPublished('TradingAuthorizedEvent')).toBe(false);
    bus.publish(authorized());
    expect(bus.published).toHaveLength(1);
    expect(delivered).toBe(2);
  });
});
