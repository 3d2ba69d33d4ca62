import { describe, expect, it } from 'vitest';
import { RecentEventLog } from '../../../src/bus/nats/recentEventLog.js';
import { RecentIdSet } from '../../../src/bus/nats/recentIdSet.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';

const failed = (eventId: string, correlationId = 'c'): TradingEvent => ({
  type: 'ServiceFailedEvent',
  eventId,
  timestamp: 0,
  correlationId,
  service: 's',
  error: 'e',
});

describe('RecentIdSet', () => {
  it('forgets the oldest id once more than capacity ids were added', () => {
    const seen = new RecentIdSet(2);
    seen.add('a');
    seen.add('b');
    seen.add('c');
    expect([seen.has('a'), seen.has('b'), seen.has('c')]).toEqual([false, true, true]);
    expect(seen.size).toBe(2);
  });

  it('does not let a repeated id push another one out', () => {
    const seen = new RecentIdSet(2);
    seen.add('a');
    seen.add('b');
    seen.add('b');
    expect(seen.has('a')).toBe(true);
  });

  it('rejects a capacity below one', () => {
    expect(() => new RecentIdSet(0)).toThrow(RangeError);
  });
});

describe('RecentEventLog', () => {
  it('keeps the last capacity events oldest first, each eventId once', () => {
    const log = new RecentEventLog(3);
    for (const id of ['1', '2', '2', '3', '4']) log.record(failed(id));
    expect(log.query().map((event) => event.eventId)).toEqual(['2', '3', '4']);
  });

  it('filters by type and correlation id and keeps the last `limit` matches', () => {
    const log = new RecentEventLog(10);
    log.record(failed('1', 'x'));
    log.record(failed('2', 'y'));
    log.record(failed('3', 'x'));
    expect(log.query({ correlationId: 'x' }).map((event) => event.eventId)).toEqual(['1', '3']);
    expect(log.query({ correlationId: 'x', limit: 1 }).map((event) => event.eventId)).toEqual(['3']);
    expect(log.query({ type: 'NewCandleEvent' })).toEqual([]);
  });

  it('records nothing with capacity zero', () => {
    const log = new RecentEventLog(0);
    log.record(failed('1'));
    expect(log.query()).toEqual([]);
  });
});
