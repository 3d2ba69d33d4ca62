import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CcxtDataSource } from '../../../src/market/ccxt/ccxtDataSource.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { SimulatedBinanceVenue } from '../../support/simulatedBinanceVenue.js';

let venue: SimulatedBinanceVenue | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

afterEach(async () => {
  clearInterval(timer);
  await venue?.stop();
});

describe('the trading system on a ccxt feed from the simulated Binance venue', () => {
  it('a dropped candle stream reconnects: every bar reaches the pipeline once, in order, and the run trades on', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 200 });
    await venue.start();
    const system = await createTradingSystem(
      {
        services: { data_fetching: { fetch_interval: 0.05 } },
        trading: {
          symbol: 'BTC/USDT',
          timeframes: ['1'],
          account_currency: 'USDT',
          pip_size: 0.01,
          // A crypto pair's size is in coins: 0.001 BTC per order.
          sizing: { mode: 'fixed', fixed_size: 0.001 },
          data_source: {
            type: 'ccxt',
            exchange: 'binance',
            api_url: venue.url,
            history_bars: 100,
            reconnect_initial_ms: 50,
            exchange_options: { fetchMarkets: { types: ['spot'] } },
          },
        },
        risk: { max_position_size: 5 },
        store: { path: ':memory:' },
      },
      { mode: 'live', logger: pino({ level: 'silent' }) },
    );
    const first = venue.formingIndex;
    const seen: number[] = [];
    system.bus.subscribe('NewCandleEvent', (event) => {
      if (event.timeframe === '1') seen.push((event.bar.time - venue!.origin) / 60_000);
    });
    let steps = 0;
    timer = setInterval(() => {
      steps += 1;
      if (steps === 15 || steps === 30) venue!.dropStreams();
      venue!.advance();
    }, 100);
    await system.run({ maxCandles: 45 });
    await system.stop();

    // The history (bars before `first`) warms indicators up and is not replayed as new candles.
    expect(seen[0]).toBe(first);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, index) => first + index));
    expect(seen.length).toBeGreaterThanOrEqual(45);
    expect(system.summary().orders).toBeGreaterThan(0);
    expect((system.manager.source as CcxtDataSource).reconnects).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
