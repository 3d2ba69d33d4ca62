import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { UnknownSymbolError } from '../../../src/market/unknownSymbolError.js';

const candle = (minute: number): Candle => ({
  time: minute * 60_000,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: 0,
});

describe('IterableDataSource', () => {
  it('answers synchronously from an array and is exhausted after its last bar', () => {
    const source = new IterableDataSource({ EURUSD: [candle(0), candle(1)] });
    expect(source.next('EURUSD')).toEqual(candle(0));
    expect(source.next('EURUSD')).toEqual(candle(1));
    expect(source.isExhausted('EURUSD')).toBe(false);
    expect(source.next('EURUSD')).toBeUndefined();
    expect(source.isExhausted('EURUSD')).toBe(true);
  });

  it('answers with promises from an async generator', async () => {
    async function* feed() {
      yield candle(0);
    }
    const source = new IterableDataSource(new Map([['GBPUSD', feed()]]));
    const first = source.next('GBPUSD');
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual(candle(0));
    expect(await source.next('GBPUSD')).toBeUndefined();
    expect(source.isExhausted('GBPUSD')).toBe(true);
  });

  it('runs generator finally blocks on close', async () => {
    let closed = false;
    function* feed() {
      try {
        yield candle(0);
        yield candle(1);
      } finally {
        closed = true;
      }
    }
    const source = new IterableDataSource({ EURUSD: feed() });
    source.next('EURUSD');
    await source.close();
    expect(closed).toBe(true);
    expect(source.isExhausted('EURUSD')).toBe(true);
  });

  it('throws UnknownSymbolError for a symbol without a feed', () => {
    const source = new IterableDataSource({ EURUSD: [] }, 'my-feed');
    expect(() => source.next('USDJPY')).toThrow(UnknownSymbolError);
    expect(() => source.isExhausted('USDJPY')).toThrow(
      'data source "my-feed" has no data for symbol "USDJPY"',
    );
  });
});
