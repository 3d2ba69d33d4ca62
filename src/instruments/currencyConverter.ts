import type { SystemConfig } from '../config/systemConfig.js';
import type { ConversionSeries } from './conversionSeries.js';
import type { InstrumentProfile } from './instrumentProfile.js';
import { MissingConversionError } from './missingConversionError.js';

/**
 * How one symbol's quote currency becomes account currency at `time`; `price` is the symbol's own price.
 * One class for every way (not a closure per symbol and converter): the accounting calls it on every bar,
 * and code that inlined one trading system's closures was deoptimised ("wrong call target") in the next
 * system of the same process (an optimiser worker runs one per trial).
 */
class Rate {
  constructor(
    private readonly kind:
      | 'unit'
      | 'inverse'
      | 'series'
      | 'inverse_series'
      | 'fixed'
      | 'mark'
      | 'inverse_mark',
    private readonly fixed = 1,
    private readonly prices?: ConversionSeries,
    private readonly markSymbol = '',
    private readonly forSymbol = '',
  ) {}

  at(price: number, marks: Readonly<Record<string, number>>, time: number): number {
    switch (this.kind) {
      case 'unit':
        return 1;
      case 'inverse':
        return 1 / price;
      case 'series':
        return this.prices!.rateAt(time);
      case 'inverse_series':
        return 1 / this.prices!.rateAt(time);
      case 'fixed':
        return this.fixed;
      case 'mark':
        return requireMark(marks, this.markSymbol, this.forSymbol);
      case 'inverse_mark':
        return 1 / requireMark(marks, this.markSymbol, this.forSymbol);
    }
  }
}

/**
 * Rates from a quote currency into the account currency, at the moment they are needed:
 * - direct (quote = account, EURUSD in a USD account): 1;
 * - inverse (base = account, USDCHF in a USD account): 1 / the pair's own price at that moment;
 * - through a conversion series read from a file (`trading.conversion_series`, "GBP/USD": a CSV of GBPUSD
 *   bars): its close at that moment ({@link ConversionSeries});
 * - a fixed rate from `trading.conversion_rates` ("GBP/USD": 1.27);
 * - through another symbol of the run (EURGBP in a USD account with GBPUSD traded): its last price.
 * Anything else is a {@link MissingConversionError} at construction.
 *
 * @example
 * ```ts
 * const converter = CurrencyConverter.forProfiles([resolveInstrument('USDCHF', config.trading)], config.trading);
 * converter.rate('USDCHF', 1.25, {}, Date.now()); // 0.8: one franc is 0.8 dollars when USD/CHF is 1.25
 * ```
 */
export class CurrencyConverter {
  private constructor(private readonly rates: ReadonlyMap<string, Rate>) {}

  /** Builds the rates of every symbol; throws {@link MissingConversionError} for one it cannot convert. */
  static forProfiles(
    profiles: readonly InstrumentProfile[],
    trading: SystemConfig['trading'],
    series: ReadonlyMap<string, ConversionSeries> = new Map(),
  ): CurrencyConverter {
    const account = trading.account_currency;
    const traded = new Set(profiles.map((profile) => profile.symbol.toUpperCase().replace('/', '')));
    const rates = new Map<string, Rate>();
    for (const profile of profiles) {
      const from = profile.quoteCurrency;
      let rate: Rate | undefined;
      if (from === account) rate = new Rate('unit');
      else if (profile.baseCurrency === account) rate = new Rate('inverse');
      else if (series.has(`${from}/${account}`)) {
        rate = new Rate('series', 1, series.get(`${from}/${account}`)!);
      } else if (series.has(`${account}/${from}`)) {
        rate = new Rate('inverse_series', 1, series.get(`${account}/${from}`)!);
      } else if (trading.conversion_rates[`${from}/${account}`] !== undefined) {
        rate = new Rate('fixed', trading.conversion_rates[`${from}/${account}`]!);
      } else if (trading.conversion_rates[`${account}/${from}`] !== undefined) {
        rate = new Rate('fixed', 1 / trading.conversion_rates[`${account}/${from}`]!);
      } else if (traded.has(`${from}${account}`)) {
        rate = new Rate('mark', 1, undefined, `${from}${account}`, profile.symbol);
      } else if (traded.has(`${account}${from}`)) {
        rate = new Rate('inverse_mark', 1, undefined, `${account}${from}`, profile.symbol);
      }
      if (rate === undefined) throw new MissingConversionError(profile.symbol, from, account);
      rates.set(profile.symbol, rate);
    }
    return new CurrencyConverter(rates);
  }

  /** Quote → account rate of `symbol` at `time`, when its price is `price` and the other symbols are at `marks`. */
  rate(symbol: string, price: number, marks: Readonly<Record<string, number>>, time: number): number {
    const rate = this.rates.get(symbol);
    return rate === undefined ? 1 : rate.at(price, marks, time);
  }
}

/** A conversion symbol that has no price yet (its first bar comes later than the traded one's). */
function requireMark(marks: Readonly<Record<string, number>>, symbol: string, forSymbol: string): number {
  const mark = marks[symbol];
  if (mark === undefined || !(mark > 0)) {
    throw new RangeError(`no ${symbol} price yet to convert ${forSymbol}'s PnL into the account currency`);
  }
  return mark;
}
