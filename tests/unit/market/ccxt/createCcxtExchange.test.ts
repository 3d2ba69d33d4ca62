import { describe, expect, it } from 'vitest';
import { createCcxtExchange } from '../../../../src/market/ccxt/createCcxtExchange.js';
import { ExchangeSetupError } from '../../../../src/market/ccxt/exchangeSetupError.js';

const api = (exchange: { urls: unknown }) => (exchange.urls as { api: Record<string, unknown> }).api;

describe('createCcxtExchange', () => {
  it('sandbox: true points the client at the exchange testnet', async () => {
    const exchange = await createCcxtExchange({ exchange: 'binance', sandbox: true });
    expect(api(exchange).public).toBe('https://testnet.binance.vision/api/v3');
    expect(exchange.enableRateLimit).toBe(true);
  });

  it('sandbox: true on an exchange without a testnet is an error, not the real venue', async () => {
    await expect(createCcxtExchange({ exchange: 'kraken', sandbox: true })).rejects.toThrow(
      ExchangeSetupError,
    );
    await expect(createCcxtExchange({ exchange: 'kraken', sandbox: true })).rejects.toThrow(
      /kraken has no sandbox/,
    );
  });

  it('api_url replaces the host of REST and WebSocket URLs and keeps their paths', async () => {
    const exchange = await createCcxtExchange({
      exchange: 'binance',
      api_url: 'http://127.0.0.1:8080',
      streaming: true,
    });
    expect(api(exchange).public).toBe('http://127.0.0.1:8080/api/v3');
    expect(api(exchange).sapi).toBe('http://127.0.0.1:8080/sapi/v1');
    expect((api(exchange).ws as Record<string, unknown>).spot).toBe('ws://127.0.0.1:8080/ws');
    await exchange.close();
  });
});
