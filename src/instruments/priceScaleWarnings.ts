import type { SystemConfig } from '../config/systemConfig.js';
import { PriceRange } from '../market/priceRange.js';
import { plainNumberText } from '../util/plainNumberText.js';
import { type InstrumentProfile, resolveInstrument } from './instrumentProfile.js';

/**
 * Warnings, before a run, when a symbol's prices do not fit its instrument profile: a stock at 20–60
 * traded with a 0.0001 pip and 100,000-unit lots (the FX defaults), or a currency pair quoted in the
 * thousands. Each warning names the setting that fixes it. `prices` are the bars, or what a reader that
 * keeps no bars gathered from them (a {@link PriceRange}).
 *
 * @example
 * ```ts
 * declare const candles: Candle[]; // the MSFT bars of a CSV file
 * for (const warning of priceScaleWarnings('MSFT', candles, config.trading)) console.warn(warning);
 * // MSFT trades at 20.50–119.94 but is set up like a currency pair (...): set trading.instruments.MSFT.asset_class: stock ...
 * ```
 */
export function priceScaleWarnings(
  symbol: string,
  prices: ReadonlyArray<{ low: number; high: number }> | PriceRange,
  trading: SystemConfig['trading'],
): string[] {
  const { low, high, decimals, bars } = prices instanceof PriceRange ? prices : PriceRange.of(prices);
  if (bars === 0) return [];
  const profile = resolveInstrument(symbol, trading);
  const warnings: string[] = [];
  const range = `${rangePrice(low)}–${rangePrice(high)}`;
  const fxLots = profile.assetClass === 'fx' && profile.contractSize >= 1000;
  // Not a currency pair, yet traded in 100,000-unit lots; or a pair far above where pairs trade.
  if (fxLots && ((profile.source === 'generic' && low > 2) || low > 10 * fxCeiling(profile))) {
    warnings.push(
      `${symbol} trades at ${range} but is set up like a currency pair (${profile.source} profile: ` +
        `${profile.contractSize.toLocaleString('en-US')}-unit lots, pip ${profile.pipSize}): one lot would be worth ` +
        `${Math.round(low * profile.contractSize).toLocaleString('en-US')} ${profile.quoteCurrency} or more. ` +
        `If ${symbol} is a stock, set trading.instruments.${symbol}.asset_class: stock (whole shares, 0.01 tick) ` +
        '— see examples/config/stocks.yaml; for an index use asset_class: index.',
    );
  }
  // A pip larger than a hundredth of the price: every spread and tick is a big share of the price.
  if (profile.pipSize > low / 100) {
    warnings.push(
      `${symbol} trades at ${range} but its pip is ${profile.pipSize}: set trading.instruments.${symbol}.pip_size ` +
        '(and tick_size) to the price increment of the data.',
    );
  }
  // Three decimals finer than the tick (0.00001 against 0.01): the profile's tick is not the market's.
  if (decimals > 0 && 10 ** -decimals < profile.tickSize / 500 && profile.assetClass !== 'fx') {
    warnings.push(
      `${symbol} prices have ${decimals} decimals but fills are rounded to the tick ${profile.tickSize}: ` +
        `set trading.instruments.${symbol}.tick_size if the market quotes finer.`,
    );
  }
  return warnings;
}

/** The highest price a currency pair plausibly has (USD/JPY-like pairs ~ 200, others ~ 5; metals excepted). */
function fxCeiling(profile: InstrumentProfile): number {
  if (profile.baseCurrency === 'XAU' || profile.baseCurrency === 'XAG') return 10_000;
  return profile.pipSize >= 0.01 ? 500 : 10;
}

/** Two decimals (`40.31`), or four significant digits below 0.1 (`0.00001234`), which two would show as 0.00. */
function rangePrice(price: number): string {
  return price >= 0.1 ? price.toFixed(2) : plainNumberText(Number(price.toPrecision(4)));
}
