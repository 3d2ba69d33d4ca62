import { describe, expect, it } from 'vitest';
import { EventFactory } from '../../../src/events/eventFactory.js';
import { InvalidEventError } from '../../../src/events/invalidEventError.js';
import { parseExternalEvent } from '../../../src/events/parseExternalEvent.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const time = Date.parse('2025-01-06T10:00:00Z');
const events = new EventFactory(new SimulatedClock(time), createIdGenerator(1));
const candle = events.create('NewCandleEvent', {
  symbol: 'EURUSD',
  timeframe: '1',
  bar: { time, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 100 },
});

/** The InvalidEventError `parseExternalEvent` throws for `input`. */
function rejection(input: unknown, source = 'feed'): InvalidEventError {
  try {
    parseExternalEvent(input, source);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected parseExternalEvent to throw');
}

describe('parseExternalEvent', () => {
  it('returns an event given as JSON text or as a parsed object unchanged', () => {
    expect(parseExternalEvent(JSON.stringify(candle))).toEqual(candle);
    expect(parseExternalEvent(structuredClone(candle))).toEqual(candle);
  });

  it('rejects text that is not JSON, naming the source and the parser message', () => {
    const error = rejection('{"type":', 'events.jsonl:3');
    expect(error.message).toMatch(/^events\.jsonl:3: invalid event: \(event\): not valid JSON \(/);
    expect(error.eventType).toBeUndefined();
  });

  it.each([
    ['[1,2]', 'an array'],
    ['null', 'null'],
    ['42', 'number'],
    ['"text"', 'string'],
  ])('rejects %s as the event, saying it expected an object and got %s', (text, got) => {
    expect(rejection(text).message).toBe(`feed: invalid event: (event): expected an object, got ${got}`);
  });

  it('rejects an object without a type, listing the known event types', () => {
    const error = rejection({ symbol: 'EURUSD' });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('type');
    expect(error.message).toContain('missing event type: expected one of DataFetchedEvent, NewCandleEvent');
  });

  it('suggests the closest event type for a misspelt one', () => {
    expect(rejection({ ...candle, type: 'NewCandelEvent' }).message).toBe(
      'feed: invalid event: type: unknown event type "NewCandelEvent" (did you mean "NewCandleEvent"?)',
    );
  });

  it('does not take an inherited member such as "constructor" for an event type', () => {
    expect(rejection({ type: 'constructor' }).message).toContain('unknown event type "constructor"');
  });

  it('names the event type and every field in error with its dotted path', () => {
    const error = rejection({ ...candle, symbol: 7, bar: { ...candle.bar, high: '1.2' } }, 'nats');
    expect(error.eventType).toBe('NewCandleEvent');
    expect(error.message.startsWith('nats: invalid NewCandleEvent: ')).toBe(true);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['bar.high', 'symbol']);
  });

  it('rejects a bar whose high lies below its close, naming bar.high and both prices', () => {
    const error = rejection({ ...candle, bar: { ...candle.bar, high: 1.12 } });
    expect(error.issues).toEqual([{ path: 'bar.high', message: expect.stringContaining('1.12') }]);
    expect(error.message).toContain('close 1.15');
  });

  it('rejects a bar whose low lies above its open, naming bar.low', () => {
    const error = rejection({ ...candle, bar: { ...candle.bar, low: 1.11 } });
    expect(error.issues[0]?.path).toBe('bar.low');
    expect(error.message).toContain('open 1.1');
  });

  it('rejects an object nested deeper than any event before looking at its schema', () => {
    let nested: unknown = 1;
    for (let level = 0; level < 40; level += 1) nested = { inner: nested };
    expect(rejection({ ...candle, bar: nested }).message).toBe(
      'feed: invalid event: (event): nested deeper than 32 levels; no event is',
    );
  });

  it('rejects a long entry with its stop above and its target below the price, naming both fields', () => {
    const entry = events.create('EntrySignalEvent', {
      symbol: 'EURUSD',
      strategy_name: 'ema',
      direction: 'long',
      timeframe: '1',
      candle_time: time,
      price: 1.1,
    });
    const error = rejection({ ...entry, stop_loss: 1.2, take_profit: 1.0 });
    expect(error.issues).toEqual([
      { path: 'stop_loss', message: 'a long entry at 1.1 needs its stop below the price, got 1.2' },
      { path: 'take_profit', message: 'a long entry at 1.1 needs its target above the price, got 1' },
    ]);
  });

  it('rejects fetched data whose num_bars disagrees with the bars sent', () => {
    const fetched = events.create('DataFetchedEvent', {
      symbol: 'EURUSD',
      timeframe: '1',
      bars: [candle.bar],
      num_bars: 1,
    });
    expect(parseExternalEvent(fetched)).toEqual(fetched);
    expect(rejection({ ...fetched, num_bars: 3 }).issues).toEqual([
      { path: 'num_bars', message: 'num_bars is 3 but 1 bar was sent' },
    ]);
    expect(rejection({ ...fetched, bars: [], num_bars: 2 }).issues[0]?.message).toBe(
      'num_bars is 2 but 0 bars were sent',
    );
  });
});
