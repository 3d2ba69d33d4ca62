import { type Exchange, NetworkError } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ExchangeSetupError } from '../../../../src/market/ccxt/exchangeSetupError.js';
import { fetchCandleRange, toCandle } from '../../../../src/market/ccxt/fetchCandleRange.js';
import { loadExchangeMarkets } from '../../../../src/market/ccxt/loadExchangeMarkets.js';
import { resolveMarket } from '../../../../src/market/ccxt/resolveMarket.js';

const hour = 3_600_000;

/** The parts of a ccxt exchange these functions read, after `loadMarkets`. */
function exchangeWith(overrides: Partial<Record<keyof Exchange, unknown>> = {}): Exchange {
  return {
    id: 'testex',
    markets: { 'BTC/USDT': {}, 'ETH/USDT': {} },
    markets_by_id: { BTCUSDT: [{ symbol: 'BTC/USDT' }] },
    has: { fetchOHLCV: true },
    timeframes: { '1m': '1m', '15m': '15m', '1h': '1h', '1d': '1d', '1M': '1M' },
    ...overrides,
  } as unknown as Exchange;
}

describe('resolveMarket', () => {
  it('maps a unified symbol and minutes to the exchange timeframe name', () => {
    expect(resolveMarket(exchangeWith(), 'ETH/USDT', '60')).toEqual({ market: 'ETH/USDT', timeframe: '1h' });
  });

  it("accepts the exchange's own market id and returns the unified symbol", () => {
    expect(resolveMarket(exchangeWith(), 'BTCUSDT', '1440')).toEqual({ market: 'BTC/USDT', timeframe: '1d' });
  });

  it('rejects an unlisted symbol with an ExchangeSetupError naming the close matches', () => {
    expect(() => resolveMarket(exchangeWith(), 'BTCUSD', '60')).toThrow(
      new ExchangeSetupError('testex has no symbol "BTCUSD"; close matches: BTC/USDT'),
    );
  });

  it('rejects an exchange without fetchOHLCV', () => {
    expect(() => resolveMarket(exchangeWith({ has: {} }), 'BTC/USDT', '60')).toThrow(
      /testex does not serve candles/,
    );
  });

  it('rejects a timeframe the exchange lacks, listing what it offers in minutes', () => {
    expect(() => resolveMarket(exchangeWith(), 'BTC/USDT', '5')).toThrow(
      'testex has no 5-minute candles (trading.data_source.base_timeframe); it offers, in minutes: 1 (1m), 15 (15m), 60 (1h), 1440 (1d), 43200 (1M)',
    );
  });

  it('treats an exchange that lists no markets or timeframes as offering none', () => {
    const bare = exchangeWith({ markets: undefined, markets_by_id: undefined, timeframes: undefined });
    expect(() => resolveMarket(bare, 'BTC/USDT', '60')).toThrow('testex has no symbol "BTC/USDT"; known: ');
    const noTimeframes = exchangeWith({ timeframes: undefined });
    expect(() => resolveMarket(noTimeframes, 'BTC/USDT', '60')).toThrow(
      /has no 60-minute candles .*; it offers, in minutes: $/,
    );
  });

  it('lists a timeframe name it cannot read in minutes as it is', () => {
    const exchange = exchangeWith({ timeframes: { '1m': '1m', tick: 'tick' } });
    expect(() => resolveMarket(exchange, 'BTC/USDT', '60')).toThrow(/offers, in minutes: 1 \(1m\), tick$/);
  });
});

describe('fetchCandleRange', () => {
  const row = (time: number) => [time, 10, 12, 9, 11, 5] as [number, number, number, number, number, number];

  /** An exchange serving hourly `rows` from `since`, at most `limit` per page; records each request. */
  function pagedExchange(rows: number[][]) {
    const requests: Array<{ since: number; limit: number }> = [];
    const exchange = exchangeWith({
      fetchOHLCV: async (_market: string, _timeframe: string, since: number, limit: number) => {
        requests.push({ since, limit });
        return rows.filter((candle) => candle[0]! >= since).slice(0, limit);
      },
    });
    return { exchange, requests };
  }

  it('pages through fetchOHLCV from `from`, oldest first, and stops at the first page with nothing before `to`', async () => {
    const { exchange, requests } = pagedExchange([0, 1, 2, 3, 4, 5].map((index) => row(index * hour)));
    const pages: number[][] = [];
    const candles = await fetchCandleRange(exchange, 'BTC/USDT', '1h', hour, 5 * hour, {
      pageSize: 2,
      onPage: (page) => {
        pages.push(page.map((candle) => candle.time / hour));
      },
    });
    expect(candles.map((candle) => candle.time / hour)).toEqual([1, 2, 3, 4]);
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(requests).toEqual([
      { since: hour, limit: 2 },
      { since: 2 * hour + 1, limit: 2 },
      // The third page holds only the candle at `to`, which is excluded: nothing fresh, so it stops.
      { since: 4 * hour + 1, limit: 2 },
    ]);
  });

  it('stops when a page brings nothing newer than the last candle', async () => {
    const exchange = exchangeWith({ fetchOHLCV: async () => [row(0), row(hour)] });
    const candles = await fetchCandleRange(exchange, 'BTC/USDT', '1h', 0, 100 * hour);
    expect(candles.map((candle) => candle.time)).toEqual([0, hour]);
  });

  it('returns nothing for an empty range without asking the exchange', async () => {
    const { exchange, requests } = pagedExchange([row(0)]);
    expect(await fetchCandleRange(exchange, 'BTC/USDT', '1h', hour, hour)).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('reads a row without volume as volume 0', () => {
    expect(toCandle([hour, 1, 2, 0.5, 1.5] as unknown as Parameters<typeof toCandle>[0])).toEqual({
      time: hour,
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      volume: 0,
    });
  });
});

describe('loadExchangeMarkets', () => {
  it('reports an unreachable exchange as an ExchangeSetupError saying it cannot reach it', async () => {
    const exchange = exchangeWith({
      loadMarkets: async () => {
        throw new NetworkError('ETIMEDOUT');
      },
    });
    await expect(loadExchangeMarkets(exchange)).rejects.toThrow(
      new ExchangeSetupError('cannot reach testex: ETIMEDOUT'),
    );
  });

  it('reports any other failure, including a non-Error, as a refusal to list the markets', async () => {
    const exchange = exchangeWith({
      loadMarkets: async () => {
        throw 'invalid api key';
      },
    });
    await expect(loadExchangeMarkets(exchange)).rejects.toThrow(
      'testex refused to list its markets: invalid api key',
    );
  });

  it('resolves once the markets are loaded', async () => {
    let loaded = false;
    const exchange = exchangeWith({
      loadMarkets: async () => {
        loaded = true;
      },
    });
    await loadExchangeMarkets(exchange);
    expect(loaded).toBe(true);
  });
});
