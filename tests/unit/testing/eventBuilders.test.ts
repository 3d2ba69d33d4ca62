import { describe, expect, it } from 'vitest';
import { parseExternalEvent } from '../../../src/events/parseExternalEvent.js';
import { EventBuilders } from '../../../src/testing/eventBuilders.js';

describe('EventBuilders (tradestate/testing)', () => {
  it('builds every event with defaults that pass the schema a consumer validates against', () => {
    const events = new EventBuilders();
    const built = [
      events.newCandle(),
      events.indicatorsCalculated(),
      events.entrySignal(),
      events.exitSignal(),
      events.orderPlaced(),
    ];
    for (const event of built) expect(parseExternalEvent(JSON.stringify(event))).toEqual(event);
  });

  it('keeps the cause correlation id on every event built from it', () => {
    const events = new EventBuilders();
    const candle = events.newCandle();
    const signal = events.entrySignal({ direction: 'short' }, candle);
    const order = events.orderPlaced({ direction: 'short' }, signal);
    expect(signal.correlationId).toBe(candle.correlationId);
    expect(order.correlationId).toBe(candle.correlationId);
    expect(events.exitSignal().correlationId).not.toBe(candle.correlationId);
  });

  it('builds a candle around an overridden open and close whose high and low still contain both', () => {
    const bar = new EventBuilders().candle({ open: 1.2, close: 1.1 });
    expect(bar.high).toBeGreaterThan(1.2);
    expect(bar.low).toBeLessThan(1.1);
    expect(() => parseExternalEvent(new EventBuilders().newCandle({ bar }))).not.toThrow();
  });

  it('lets an override replace any default field of a row', () => {
    const row = new EventBuilders().row({ close: 2, regime: 'trending', indicators: { rsi: 55 } });
    expect(row).toMatchObject({ close: 2, open: 2, regime: 'trending', indicators: { rsi: 55 } });
  });

  it('gives the same ids in the same order on a fresh builder (seeded)', () => {
    const first = new EventBuilders().newCandle();
    const second = new EventBuilders().newCandle();
    expect(second.eventId).toBe(first.eventId);
    expect(second.timestamp).toBe(first.timestamp);
  });
});
