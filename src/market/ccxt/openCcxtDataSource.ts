import type { SystemConfig } from '../../config/systemConfig.js';
import { DataSourceConfigError } from '../dataSourceConfigError.js';
import { CcxtDataSource } from './ccxtDataSource.js';
import { createCcxtExchange } from './createCcxtExchange.js';
import { loadExchangeMarkets } from './loadExchangeMarkets.js';
import { type ResolvedMarket, resolveMarket } from './resolveMarket.js';

/**
 * The ccxt data source `trading.data_source` (type ccxt) describes, connected: markets loaded, every symbol
 * and the base timeframe checked against the exchange (an unknown one is an `ExchangeSetupError` listing the
 * close matches), the start-up history loaded and the candle streams started.
 *
 * @example
 * ```ts
 * const source = await openCcxtDataSource({ ...config.trading.data_source, exchange: 'binance' }, { symbols: ['BTC/USDT'] });
 * ```
 */
export async function openCcxtDataSource(
  config: SystemConfig['trading']['data_source'],
  context: { symbols: readonly string[] },
): Promise<CcxtDataSource> {
  if (config.exchange === undefined) {
    throw new DataSourceConfigError(
      'trading.data_source.exchange is required when type is "ccxt" (a ccxt exchange id, e.g. binance)',
    );
  }
  const exchange = await createCcxtExchange({
    exchange: config.exchange,
    sandbox: config.sandbox,
    api_url: config.api_url,
    exchange_options: config.exchange_options,
    streaming: config.stream === 'auto',
  });
  let source: CcxtDataSource;
  try {
    await loadExchangeMarkets(exchange);
    const markets = new Map<string, ResolvedMarket>();
    for (const symbol of context.symbols)
      markets.set(symbol, resolveMarket(exchange, symbol, config.base_timeframe));
    source = new CcxtDataSource(exchange, {
      markets,
      baseTimeframe: config.base_timeframe,
      historyBars: config.history_bars,
      streaming: config.stream === 'auto' && exchange.has.watchOHLCV === true,
      reconnectInitialMs: config.reconnect_initial_ms,
      reconnectMaxMs: config.reconnect_max_ms,
    });
  } catch (error) {
    // Nothing may keep the process alive after a setup error (ccxt's connections and timers).
    await exchange.close?.();
    throw error;
  }
  try {
    await source.open();
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}
