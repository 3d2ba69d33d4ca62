import { AuthenticationError } from 'ccxt';
import type { SystemConfig } from '../../config/systemConfig.js';
import { resolveInstrument } from '../../instruments/instrumentProfile.js';
import { createCcxtExchange } from '../../market/ccxt/createCcxtExchange.js';
import { ExchangeSetupError } from '../../market/ccxt/exchangeSetupError.js';
import { loadExchangeMarkets } from '../../market/ccxt/loadExchangeMarkets.js';
import { resolveMarket } from '../../market/ccxt/resolveMarket.js';
import { DataSourceConfigError } from '../../market/dataSourceConfigError.js';
import { type BrokerMarket, CcxtBroker } from './ccxtBroker.js';

/**
 * The exchange broker for `run --live-trading`: the exchange of `trading.data_source` (type ccxt, with its
 * sandbox and URL settings), the credentials from `trading.broker` (which the configuration only takes from
 * the environment: `TRADING_BROKER_API_KEY`, `TRADING_BROKER_API_SECRET`, `TRADING_BROKER_API_PASSWORD`),
 * connected and loaded (see `CcxtBroker.connect`). Missing or refused keys are an `ExchangeSetupError` that
 * names the variables, never their values.
 *
 * @example
 * ```ts
 * const broker = await openCcxtBroker(config, { onNotice: (line) => console.error(line) });
 * ```
 */
export async function openCcxtBroker(
  config: SystemConfig,
  options: { onNotice?: (notice: string) => void } = {},
): Promise<CcxtBroker> {
  const source = config.trading.data_source;
  if (source.type !== 'ccxt' || source.exchange === undefined) {
    throw new DataSourceConfigError(
      '--live-trading needs an exchange: set trading.data_source.type to ccxt and trading.data_source.exchange',
    );
  }
  const { api_key: apiKey, api_secret: secret, api_password: password } = config.trading.broker;
  if (!apiKey || !secret) {
    throw new ExchangeSetupError(
      '--live-trading needs API keys: set TRADING_BROKER_API_KEY and TRADING_BROKER_API_SECRET in the environment or .env',
    );
  }
  const exchange = await createCcxtExchange({
    exchange: source.exchange,
    sandbox: source.sandbox,
    api_url: source.api_url,
    exchange_options: source.exchange_options,
    credentials: { apiKey, secret, password },
  });
  if (exchange.requiredCredentials.password && !password) {
    throw new ExchangeSetupError(
      `${exchange.id} also wants an API password (passphrase): set TRADING_BROKER_API_PASSWORD`,
    );
  }
  await loadExchangeMarkets(exchange);
  const markets: BrokerMarket[] = (config.trading.symbols ?? [config.trading.symbol]).map((symbol) => {
    const { market } = resolveMarket(exchange, symbol, source.base_timeframe);
    const details = exchange.market(market);
    return { symbol, market, base: details.base, quote: details.quote };
  });
  const { broker } = config.trading;
  try {
    return await CcxtBroker.connect({
      exchange,
      markets,
      // Sizes are in the instrument's lots: a crypto pair's lot is one coin (its profile), whatever the FX default.
      contractSize: resolveInstrument(config.trading.symbols?.[0] ?? config.trading.symbol, config.trading)
        .contractSize,
      orderType: broker.order_type,
      orderTimeoutMs: broker.order_timeout_seconds * 1000,
      lookbackMs: broker.reconcile_hours * 3_600_000,
      maxOrderAgeMs: broker.max_order_age_seconds * 1000,
      strategyNames: config.services.strategy_evaluation.strategies.map((strategy) => strategy.name),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new ExchangeSetupError(`${exchange.id} refused the API key: ${error.message}`);
    }
    throw error;
  }
}
