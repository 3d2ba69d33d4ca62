import type { SystemConfig } from '../config/systemConfig.js';
import type { PriceRange } from '../market/priceRange.js';
import { resolveInstrument } from './instrumentProfile.js';

/** A tick coarser than this share of the lowest price moves prices visibly: the data's own step is used. */
const coarseTickShare = 1e-4;

/**
 * The tick of a coin read from its data, when its profile's tick would round its prices away: coins are
 * quoted to as many decimals as their price needs (BTC/USDT to 0.01, DOGE/USDT to 0.00001, PEPE/USDT to
 * 0.00000001), so the crypto default of 0.01 fits only the dear ones. Undefined when the symbol is not a
 * coin, when `trading.instruments.<symbol>` sets its tick or pip, or when the default tick is fine (at most
 * a ten-thousandth of the lowest price). The step is the most decimals the prices are written with.
 *
 * @example
 * ```ts
 * dataTickSize('PEPEUSDT', PriceRange.of([{ low: 0.00000111, high: 0.00000123 }]), config.trading); // 1e-8
 * dataTickSize('BTCUSDT', PriceRange.of([{ low: 98000.5, high: 101234.56 }]), config.trading); // undefined
 * ```
 */
export function dataTickSize(
  symbol: string,
  prices: PriceRange,
  trading: SystemConfig['trading'],
): number | undefined {
  if (prices.bars === 0 || prices.decimals === 0) return undefined;
  const override = trading.instruments[symbol] ?? trading.instruments[symbol.toUpperCase()];
  if (override?.tick_size !== undefined || override?.pip_size !== undefined) return undefined;
  const profile = resolveInstrument(symbol, trading);
  if (profile.assetClass !== 'crypto' || profile.tickSize <= prices.low * coarseTickShare) return undefined;
  // Number('1e-8'), not 10 ** -8 (a float product, 1.0000000000000001e-8).
  const tick = Number(`1e-${prices.decimals}`);
  return tick < profile.tickSize ? tick : undefined;
}
