import type { SystemConfig } from '../config/systemConfig.js';
import { UserError } from '../errors/userError.js';
import type { PriceRange } from '../market/priceRange.js';
import { plainNumberText } from '../util/plainNumberText.js';
import { resolveInstrument } from './instrumentProfile.js';

/**
 * A symbol's prices are so small against its profile's tick, or against the spread and slippage its pip
 * makes, that a fill could come out at zero or below (a sell at 0.0000123 less half a 0.0001 spread): no
 * figure of such a run would mean anything, so it stops before it starts (exit 2), naming the settings.
 * {@link PriceScaleError.check} is the test.
 *
 * @example
 * ```ts
 * const bars = [{ low: 0.00000452, high: 0.00001346 }];
 * PriceScaleError.check('SHIB', PriceRange.of(bars), config.trading); // throws: SHIB trades as low as 0.00000452 ...
 * ```
 */
export class PriceScaleError extends UserError {
  override readonly name = 'PriceScaleError';

  /** Throws when the lowest price is not above the tick, or not above the worst spread and slippage. */
  static check(symbol: string, prices: PriceRange, trading: SystemConfig['trading']): void {
    if (prices.bars === 0) return;
    const profile = resolveInstrument(symbol, trading);
    const { spread_pips: spread, slippage_pips: slippage } = trading.broker;
    // Slippage is drawn up to twice slippage_pips (see PaperBroker): the worst a fill pays is that.
    const worstCost = (spread / 2 + 2 * slippage) * profile.pipSize;
    const low = plainNumberText(prices.low);
    const fix = `set trading.instruments.${symbol}.tick_size and pip_size to the price increment of the data${
      prices.decimals > 0
        ? ` (${plainNumberText(Number(`1e-${prices.decimals}`))} for prices written with ${prices.decimals} decimals)`
        : ''
    }`;
    if (profile.tickSize >= prices.low) {
      throw new PriceScaleError(
        `${symbol} trades as low as ${low}, but its fills are rounded to a tick of ${plainNumberText(profile.tickSize)} (${profile.source} ${profile.assetClass} profile): prices would round to 0 or to one tick; ${fix}`,
      );
    }
    if (worstCost >= prices.low) {
      throw new PriceScaleError(
        `${symbol} trades as low as ${low}, but half the spread and the slippage of a fill come to up to ${plainNumberText(Number(worstCost.toPrecision(6)))} (trading.broker.spread_pips ${spread} and slippage_pips ${slippage} of a ${plainNumberText(profile.pipSize)} pip): a sell could fill at 0 or below; ${fix}`,
      );
    }
  }
}
