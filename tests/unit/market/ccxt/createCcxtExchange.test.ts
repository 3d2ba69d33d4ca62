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

  it('an https api_url keeps WebSocket URLs secure (wss) and REST on https', async () => {
    const exchange = await createCcxtExchange({
      exchange: 'binance',
      api_url: 'https://proxy.example:8443',
      streaming: true,
    });
    expect(api(exchange).public).toBe('https://proxy.example:8443/api/v3');
    expect((api(exchange).ws as Record<string, unknown>).spot).toBe('wss://proxy.example:8443/ws');
    await exchange.close();
  });

  it('hands the credentials to the client, the passphrase only when there is one', async () => {
    const withPassphrase = await createCcxtExchange({
      exchange: 'okx',
      credentials: { apiKey: 'key', secret: 'secret', password: 'phrase' },
    });
    expect([withPassphrase.apiKey, withPassphrase.secret, withPassphrase.password]).toEqual([
      'key',
      'secret',
      'phrase',
    ]);
    const without = await createCcxtExchange({
      exchange: 'binance',
      credentials: { apiKey: 'key', secret: 'secret' },
    });
    expect(without.apiKey).toBe('key');
    expect(without.password).toBeFalsy();
  });

  it('names the close matches of an exchange id ccxt does not know', async () => {
    await expect(createCcxtExchange({ exchange: 'binanse' })).rejects.toThrow(
      /^ccxt has no exchange "binanse"; close matches: binance/,
    );
  });
});
