import { describe, expect, it } from 'vitest';
import { MockEventBus } from '../../../src/bus/mockEventBus.js';
import { eventMaker } from './busFixtures.js';

describe('MockEventBus subscriptions and history', () => {
  it('stops delivering to a handler once unsubscribed, and says whether the id was subscribed', async () => {
    const bus = new MockEventBus();
    const { authorized } = eventMaker();
    const seen: string[] = [];
    const id = bus.subscribe('TradingAuthorizedEvent', (event) => {
      seen.push(event.symbol);
    });
    bus.publish(authorized('EURUSD'));
    expect(bus.unsubscribe(id)).toBe(true);
    expect(bus.unsubscribe(id)).toBe(false);
    bus.publish(authorized('GBPUSD'));
    await bus.drain();
    expect(seen).toEqual(['EURUSD']);
    expect(bus.published).toHaveLength(2);
  });

  it('answers history queries by type and correlation, most recent last', () => {
    const bus = new MockEventBus();
    const { authorized, blocked } = eventMaker();
    const first = authorized('EURUSD');
    bus.publish(first);
    bus.publish(blocked('EURUSD', first));
    bus.publish(authorized('GBPUSD'));
    expect(bus.getHistory({ type: 'TradingAuthorizedEvent' }).map((event) => event.type)).toEqual([
      'TradingAuthorizedEvent',
      'TradingAuthorizedEvent',
    ]);
    expect(bus.getHistory({ correlationId: first.correlationId }).map((event) => event.type)).toEqual([
      'TradingAuthorizedEvent',
      'TradingBlockedEvent',
    ]);
    expect(bus.getHistory({ limit: 1 })).toEqual([bus.published[2]]);
  });
});
