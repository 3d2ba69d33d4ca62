import { afterEach, describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import { openCcxtBroker } from '../../../src/execution/ccxt/openCcxtBroker.js';
import { ExchangeSetupError } from '../../../src/market/ccxt/exchangeSetupError.js';
import { SimulatedBinanceVenue } from '../../support/simulatedBinanceVenue.js';

let venue: SimulatedBinanceVenue;

afterEach(async () => {
  await venue?.stop();
});

/** The configuration of `run --live-trading` against the simulated venue, with these keys. */
function liveConfig(apiKey: string, apiSecret: string) {
  return configFromObject({
    trading: {
      symbol: 'BTC/USDT',
      data_source: {
        type: 'ccxt',
        exchange: 'binance',
        api_url: venue.url,
        exchange_options: { fetchMarkets: { types: ['spot'] } },
      },
      broker: { api_key: apiKey, api_secret: apiSecret },
    },
  });
}

describe('openCcxtBroker against the simulated Binance venue', () => {
  it('connects with the configured keys and reports the balance and what this system holds', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40, balances: { USDT: 2_500, BTC: 0 } });
    await venue.start();
    const notices: string[] = [];
    const broker = await openCcxtBroker(liveConfig(venue.apiKey, venue.secret), {
      onNotice: (notice) => notices.push(notice),
    });
    expect(broker.name).toBe('ccxt:binance');
    expect(broker.getAccount().balance).toBe(2_500);
    expect(notices).toEqual([
      expect.stringMatching(
        /^binance: 2500 USDT at start; 0 fills and 0 open positions of this system in the last \d+ h$/,
      ),
    ]);
  });

  it('a key the exchange refuses is a setup error naming the exchange, without the key', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const failure = await openCcxtBroker(liveConfig('wrong-key-value', venue.secret)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ExchangeSetupError);
    expect((failure as Error).message).toMatch(/^binance refused the API key: /);
    expect((failure as Error).message).not.toContain('wrong-key-value');
  });
});
