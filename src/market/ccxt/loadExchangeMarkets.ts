import { type Exchange, NetworkError } from 'ccxt';
import { ExchangeSetupError } from './exchangeSetupError.js';

/**
 * `exchange.loadMarkets()`, with a failure to reach the exchange or a refused key reported as an
 * {@link ExchangeSetupError} that says which exchange and why (a user error, not a crash).
 *
 * @example
 * ```ts
 * await loadExchangeMarkets(exchange);
 * ```
 */
export async function loadExchangeMarkets(exchange: Exchange): Promise<void> {
  try {
    await exchange.loadMarkets();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NetworkError) {
      throw new ExchangeSetupError(`cannot reach ${exchange.id}: ${message}`);
    }
    throw new ExchangeSetupError(`${exchange.id} refused to list its markets: ${message}`);
  }
}
