import type { SystemConfig } from '../config/systemConfig.js';
import type { InstrumentProfile } from '../instruments/instrumentProfile.js';
import type { Broker } from './broker.js';

/**
 * Quote → account rate for sizing at `time`: the broker's own when it converts (the paper broker: direct,
 * inverse, series, fixed or through another symbol); else 1 in the account's currency, 1 / price for an
 * inverse pair, or the fixed rate. `profiles` is asked only when the broker does not convert.
 *
 * @example
 * ```ts
 * const rate = sizingRate(broker, config.trading, executor, 'EURUSD', 1.1, candleTime);
 * ```
 */
export function sizingRate(
  broker: Broker,
  trading: SystemConfig['trading'],
  profiles: { instrument(symbol: string): InstrumentProfile },
  symbol: string,
  price: number,
  time: number,
): number {
  const converting = broker as Partial<{
    conversionRate(symbol: string, price: number, time: number): number;
  }>;
  if (converting.conversionRate !== undefined) return converting.conversionRate(symbol, price, time);
  const profile = profiles.instrument(symbol);
  const account = trading.account_currency;
  if (profile.quoteCurrency === account) return 1;
  if (profile.baseCurrency === account) return 1 / price;
  return trading.conversion_rates[`${profile.quoteCurrency}/${account}`] ?? 1;
}
