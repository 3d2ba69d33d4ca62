import type { Exchange } from 'ccxt';
import { fromExchangeTimeframe, toExchangeTimeframe } from './ccxtTimeframe.js';
import { ExchangeSetupError } from './exchangeSetupError.js';

/** A configured symbol and timeframe as the exchange names them. */
export interface ResolvedMarket {
  /** ccxt's unified symbol ('BTC/USDT'). */
  market: string;
  /** The exchange's timeframe name ('1m'). */
  timeframe: string;
}

/**
 * Checks, after `loadMarkets`, that the exchange lists `symbol` (its unified 'BTC/USDT' or its own id
 * 'BTCUSDT') and offers candles of `minutes`; an unknown one is an {@link ExchangeSetupError} naming the
 * closest valid values.
 *
 * @example
 * ```ts
 * await exchange.loadMarkets();
 * resolveMarket(exchange, 'BTCUSDT', '60'); // { market: 'BTC/USDT', timeframe: '1h' }
 * ```
 */
export function resolveMarket(exchange: Exchange, symbol: string, minutes: string): ResolvedMarket {
  const markets = exchange.markets ?? {};
  const byId = (exchange.markets_by_id ?? {}) as Record<string, Array<{ symbol: string }> | undefined>;
  const market = symbol in markets ? symbol : byId[symbol]?.[0]?.symbol;
  if (market === undefined) {
    throw ExchangeSetupError.unknown('symbol', symbol, Object.keys(markets), exchange.id);
  }
  if (!exchange.has.fetchOHLCV) {
    throw new ExchangeSetupError(`${exchange.id} does not serve candles (no fetchOHLCV in ccxt)`);
  }
  const timeframes = (exchange.timeframes ?? {}) as Record<string, unknown>;
  const timeframe = toExchangeTimeframe(minutes, timeframes);
  if (timeframe === undefined) {
    const offered = Object.keys(timeframes).map((name) => {
      const inMinutes = fromExchangeTimeframe(name);
      return inMinutes === undefined ? name : `${inMinutes} (${name})`;
    });
    throw new ExchangeSetupError(
      `${exchange.id} has no ${minutes}-minute candles (trading.data_source.base_timeframe); it offers, in minutes: ${offered.join(', ')}`,
    );
  }
  return { market, timeframe };
}
