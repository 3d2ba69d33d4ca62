import { describe, expect, it } from 'vitest';
import { EventHistory } from '../../../src/bus/eventHistory.js';
import { EventBuilders } from '../../../src/testing/eventBuilders.js';

describe('EventHistory', () => {
  it('keeps the most recent events up to its capacity, oldest first', () => {
    const events = new EventBuilders();
    const [a, b, c] = [events.newCandle(), events.newCandle(), events.newCandle()];
    const history = new EventHistory(2);
    for (const event of [a, b, c]) history.record(event!);
    expect(history.size).toBe(2);
    expect(history.query()).toEqual([b, c]);
  });

  it('filters by type and by correlation id, and with a limit returns the most recent matches', () => {
    const events = new EventBuilders();
    const first = events.newCandle();
    const signal = events.entrySignal({}, first);
    const second = events.newCandle();
    const history = new EventHistory(10);
    for (const event of [first, signal, second]) history.record(event);
    expect(history.query({ type: 'NewCandleEvent' })).toEqual([first, second]);
    expect(history.query({ correlationId: first.correlationId })).toEqual([first, signal]);
    expect(history.query({ limit: 2 })).toEqual([signal, second]);
    expect(history.query({ limit: 0 })).toEqual([]);
    expect(history.query({ limit: -3 })).toEqual([]);
  });

  it('records nothing with capacity 0 and nothing after clear', () => {
    const events = new EventBuilders();
    const disabled = new EventHistory(0);
    disabled.record(events.newCandle());
    expect(disabled.query()).toEqual([]);
    const history = new EventHistory(3);
    history.record(events.newCandle());
    history.clear();
    expect(history.size).toBe(0);
    expect(history.query()).toEqual([]);
  });

  it.each([-1, 2.5])('rejects capacity %s with a RangeError naming the value', (capacity) => {
    expect(() => new EventHistory(capacity)).toThrow(
      `history capacity must be a non-negative integer, got ${capacity}`,
    );
  });
});
