import { UserError } from '../errors/userError.js';

/**
 * No way to turn a symbol's quote currency into the account currency: raised before a run starts, so
 * that PnL in francs is never booked as dollars one for one.
 *
 * @example
 * ```ts
 * const { trading } = config;
 * const profiles = [resolveInstrument('EURGBP', trading)];
 * try { CurrencyConverter.forProfiles(profiles, trading); } catch (error) { if (error instanceof MissingConversionError) console.error(error.message); }
 * ```
 */
export class MissingConversionError extends UserError {
  override readonly name = 'MissingConversionError';

  constructor(
    readonly symbol: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(
      `${symbol} is quoted in ${from} but the account is in ${to}, and nothing converts ${from} into ${to}: ` +
        `add trading.conversion_series: { "${from}/${to}": <CSV file of ${from}${to} bars> } or trade ${from}${to} ` +
        `or ${to}${from} in the same run (trading.symbols) for the rate of the moment, ` +
        `trading.conversion_rates: { "${from}/${to}": <rate> } for a fixed rate, or set trading.account_currency: ${from}`,
    );
  }
}
