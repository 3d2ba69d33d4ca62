import type { SystemConfig } from '../config/systemConfig.js';
import type { PriceRange } from '../market/priceRange.js';
import { plainNumberText } from '../util/plainNumberText.js';
import { dataTickSize } from './dataTickSize.js';
import { PriceScaleError } from './priceScaleError.js';
import { priceScaleWarnings } from './priceScaleWarnings.js';

/**
 * What a replay does with a symbol's prices before it starts: a coin whose profile's tick would round
 * its prices away gets the data's own step as its tick and pip ({@link dataTickSize}, written into
 * `trading.instruments.<symbol>` of the returned configuration, so report.json and best.yaml show it);
 * prices a fill could take to zero or below stop the run ({@link PriceScaleError}); the other misfits are
 * warned about (`priceScaleWarnings`), and so is a gap by a split's ratio (prices not split-adjusted).
 * `notices` are the lines to show the user, in that order.
 *
 * @example
 * ```ts
 * const { config: fitted, notices } = fitInstrumentToData(config, 'PEPEUSDT', PriceRange.of(candles));
 * for (const line of notices) console.error(line);
 * fitted.trading.instruments.PEPEUSDT; // { tick_size: 1e-8, pip_size: 1e-8 }
 * ```
 */
export function fitInstrumentToData(
  config: SystemConfig,
  symbol: string,
  prices: PriceRange,
): { config: SystemConfig; notices: string[] } {
  const notices: string[] = [];
  let fitted = config;
  const tick = dataTickSize(symbol, prices, config.trading);
  if (tick !== undefined) {
    const { instruments } = config.trading;
    const override = instruments[symbol] ?? instruments[symbol.toUpperCase()];
    fitted = {
      ...config,
      trading: {
        ...config.trading,
        instruments: { ...instruments, [symbol]: { ...override, tick_size: tick, pip_size: tick } },
      },
    };
    const step = plainNumberText(tick);
    notices.push(
      `Note: ${symbol} prices are written with ${prices.decimals} decimals, finer than the crypto tick 0.01: ` +
        `fills are rounded to ${step}, and spread_pips and slippage_pips count in ${step} ` +
        `(set trading.instruments.${symbol}.tick_size and pip_size to choose others).`,
    );
  }
  PriceScaleError.check(symbol, prices, fitted.trading);
  for (const warning of priceScaleWarnings(symbol, prices, fitted.trading))
    notices.push(`Warning: ${warning}`);
  const split = prices.splitLike;
  if (split !== undefined) {
    notices.push(
      `Warning: ${symbol} gaps from ${plainNumberText(split.from)} to ${plainNumberText(split.to)} at ` +
        `${new Date(split.time).toISOString()}, by the ratio of a ${split.ratio} split: if it is one, the ` +
        'prices are not split-adjusted and a position held across it gains or loses as if the price had ' +
        'moved that much; use split-adjusted prices.',
    );
  }
  return { config: fitted, notices };
}
