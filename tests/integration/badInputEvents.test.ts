import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventFactory } from '../../src/events/eventFactory.js';
import { InvalidEventError } from '../../src/events/invalidEventError.js';
import { parseExternalEvent } from '../../src/events/parseExternalEvent.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { createIdGenerator } from '../../src/util/idGenerator.js';

const directory = fileURLToPath(new URL('../fixtures/bad/events/', import.meta.url));
const cases = JSON.parse(readFileSync(`${directory}cases.json`, 'utf8')) as Record<string, string>;
const files = readdirSync(directory).filter((file) => file.endsWith('.json') && file !== 'cases.json');

describe('events arriving from outside (tests/fixtures/bad/events)', () => {
  it('has an expected message for every fixture and a fixture for every message', () => {
    expect(Object.keys(cases).sort()).toEqual([...files].sort());
  });

  it.each(files)('rejects %s with an InvalidEventError naming the source and each field in error', (file) => {
    let caught: unknown;
    try {
      parseExternalEvent(readFileSync(`${directory}${file}`, 'utf8'), file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventError);
    const error = caught as InvalidEventError;
    expect(error.message).toContain(cases[file]);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/^\s+at /m);
  });

  it('rejects 200,000 nested arrays and a 10 MB symbol in a short message, without a RangeError', () => {
    const nested = `{"type":"NewCandleEvent","bar":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseExternalEvent(nested, 'deep')).toThrow(
      /deep: invalid event: \(event\): nested deeper than 32/,
    );
    const valid = JSON.parse(readFileSync(`${directory}symbol-too-long.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    let caught: unknown;
    try {
      parseExternalEvent({ ...valid, symbol: 'X'.repeat(10 * 1024 * 1024) }, 'huge');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventError);
    expect((caught as Error).message.length).toBeLessThan(300);
    expect((caught as Error).message).toContain('(10485760 characters)');
  });

  it('leaves Object.prototype untouched by an event typed "__proto__"', () => {
    expect(() => parseExternalEvent('{"type":"__proto__","__proto__":{"polluted":true}}', 'x')).toThrow(
      InvalidEventError,
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('accepts a short entry whose stop is above and target below the price', () => {
    const events = new EventFactory(new SimulatedClock(1_736_121_600_000), createIdGenerator(1));
    const event = events.create('EntrySignalEvent', {
      symbol: 'EURUSD',
      strategy_name: 'ema',
      direction: 'short',
      timeframe: '1',
      candle_time: 1_736_121_600_000,
      price: 1.1,
      stop_loss: 1.12,
      take_profit: 1.05,
    });
    expect(parseExternalEvent(JSON.stringify(event))).toEqual(event);
  });

  it('lists every field in error with its path', () => {
    const text = readFileSync(`${directory}entry-bad-direction-and-price.json`, 'utf8');
    try {
      parseExternalEvent(text, 'x');
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidEventError).issues.map((issue) => issue.path)).toEqual(['direction', 'price']);
    }
  });

  it('returns a valid event typed and unchanged, from text or from a parsed value', () => {
    const events = new EventFactory(new SimulatedClock(1_736_121_600_000), createIdGenerator(1));
    const event = events.create('TradingBlockedEvent', { symbol: 'EURUSD', reasons: ['stale_data'] });
    expect(parseExternalEvent(JSON.stringify(event))).toEqual(event);
    expect(parseExternalEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});
