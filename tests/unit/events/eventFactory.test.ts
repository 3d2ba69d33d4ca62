import { describe, expect, it } from 'vitest';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const bar = { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };

describe('EventFactory.create', () => {
  it('without a cause, outside any scope: envelope keys first, a fresh correlation id, no causationId', () => {
    const events = new EventFactory(new SimulatedClock(1_000), createIdGenerator(1));
    const event = events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    expect(Object.keys(event)).toEqual([
      'type',
      'eventId',
      'timestamp',
      'correlationId',
      'symbol',
      'timeframe',
      'bar',
    ]);
    expect(event.timestamp).toBe(1_000);
    expect(event.correlationId).toMatch(/^[0-9a-f]{8}$/);
    expect('causationId' in event).toBe(false);
  });

  it('with a cause: its correlation id, causationId = its event id, right after the envelope', () => {
    const events = new EventFactory(new SimulatedClock(0), createIdGenerator(2));
    const candle = events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    const rows = events.create(
      'IndicatorsCalculatedEvent',
      { symbol: 'EURUSD', timeframe: '1', recent_rows: [] },
      candle,
    );
    expect(JSON.stringify(rows)).toBe(
      `{"type":"IndicatorsCalculatedEvent","eventId":"${rows.eventId}","timestamp":0,"correlationId":"${candle.correlationId}","causationId":"${candle.eventId}","symbol":"EURUSD","timeframe":"1","recent_rows":[]}`,
    );
  });

  it('inside a correlation scope without a cause: the scope id, and the payload object is not reused', () => {
    const events = new EventFactory(new SimulatedClock(0), createIdGenerator(3));
    const payload = { symbol: 'EURUSD', timeframe: '1', bar };
    const event = CorrelationContext.run(() => events.create('NewCandleEvent', payload), 'scope001');
    expect(event.correlationId).toBe('scope001');
    expect(event).not.toBe(payload);
    expect(Object.keys(payload)).toEqual(['symbol', 'timeframe', 'bar']);
  });
});

describe('EventFactory per-bar builders', () => {
  it('build the same events, key for key and in the same order, as create with the same ids', () => {
    const viaCreate = new EventFactory(new SimulatedClock(5_000), createIdGenerator(9));
    const viaBuilders = new EventFactory(new SimulatedClock(5_000), createIdGenerator(9));
    const rows = [{ ...bar, indicators: { rsi: 50 }, regime: 'ranging' as const }];
    const fetchedByCreate = viaCreate.create('DataFetchedEvent', {
      symbol: 'EURUSD',
      timeframe: '1',
      bars: [bar],
      num_bars: 1,
    });
    const candleByCreate = viaCreate.create(
      'NewCandleEvent',
      { symbol: 'EURUSD', timeframe: '1', bar },
      fetchedByCreate,
    );
    const expected: TradingEvent[] = [
      fetchedByCreate,
      candleByCreate,
      viaCreate.create(
        'IndicatorsCalculatedEvent',
        { symbol: 'EURUSD', timeframe: '1', recent_rows: rows },
        candleByCreate,
      ),
    ];
    const fetched = viaBuilders.dataFetched('EURUSD', '1', [bar]);
    const candle = viaBuilders.newCandle('EURUSD', '1', bar, fetched);
    const built = [fetched, candle, viaBuilders.indicatorsCalculated('EURUSD', '1', rows, candle)];
    expect(built.map((event) => JSON.stringify(event))).toEqual(
      expected.map((event) => JSON.stringify(event)),
    );
    expect(built[2]).toMatchObject({ causationId: candle.eventId, correlationId: fetched.correlationId });
  });
});
