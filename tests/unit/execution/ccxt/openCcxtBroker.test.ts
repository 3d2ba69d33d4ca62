import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../../src/config/systemConfig.js';
import { exitCodes } from '../../../../src/errors/exitCodes.js';
import { openCcxtBroker } from '../../../../src/execution/ccxt/openCcxtBroker.js';
import { ExchangeSetupError } from '../../../../src/market/ccxt/exchangeSetupError.js';
import { DataSourceConfigError } from '../../../../src/market/dataSourceConfigError.js';

const exchangeFeed: SystemConfigInput['trading'] = {
  symbol: 'BTC/USDT',
  data_source: { type: 'ccxt', exchange: 'binance', sandbox: true },
};

describe('openCcxtBroker: what it refuses before reaching the exchange', () => {
  it('refuses a configuration whose data source is not an exchange, naming the keys to set', async () => {
    const config = configFromObject({ trading: { symbol: 'EURUSD' } });
    const refusal = openCcxtBroker(config);
    await expect(refusal).rejects.toBeInstanceOf(DataSourceConfigError);
    await expect(refusal).rejects.toThrow(
      '--live-trading needs an exchange: set trading.data_source.type to ccxt and trading.data_source.exchange',
    );
  });

  it('refuses an exchange without API key and secret, naming the variables (exit code 2)', async () => {
    for (const broker of [{}, { api_key: 'key-only' }, { api_secret: 'secret-only' }]) {
      const config = configFromObject({ trading: { ...exchangeFeed, broker } });
      const failure = await openCcxtBroker(config).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ExchangeSetupError);
      expect(failure).toMatchObject({ exitCode: exitCodes.userError });
      const { message } = failure as Error;
      expect(message).toContain('TRADING_BROKER_API_KEY and TRADING_BROKER_API_SECRET');
      // The value the user did give is never echoed.
      expect(message).not.toMatch(/key-only|secret-only/);
    }
  });
});
