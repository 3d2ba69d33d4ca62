/**
 * How a synthetic symbol behaves: its starting price, pip size, typical spread and yearly volatility.
 * Unknown symbols fall back to a generic profile (JPY crosses quoted to 0.01, everything else to 0.0001).
 *
 * @example
 * ```ts
 * // A cheaper EURUSD and an unlisted symbol for the synthetic feed; unset fields keep the defaults.
 * const eurusd: SymbolProfile = { price: 1.2, pipSize: 0.0001 };
 * const exotic: SymbolProfile = { price: 18.5, pipSize: 0.0001, spreadPips: 20, annualVolatility: 0.15 };
 * new SyntheticDataSource({ seed: 1, start: 0, baseTimeframeMinutes: 1, symbols: { EURUSD: eurusd, USDMXN: exotic } });
 * ```
 */
export interface SymbolProfile {
  /** First open price. */
  price: number;
  /** Price of one pip; quotes are rounded to a tenth of it (a "point", as brokers quote). */
  pipSize: number;
  /** Typical spread in pips (informational: candles carry mid/bid prices only). */
  spreadPips?: number;
  /** Annualized volatility of log returns, e.g. 0.07 for 7 %. */
  annualVolatility?: number;
}

/**
 * A {@link SymbolProfile} with every field filled in (known symbols' defaults or generic ones).
 *
 * @example
 * ```ts
 * const source = new SyntheticDataSource({ seed: 1, start: 0, baseTimeframeMinutes: 1 });
 * const profile: ResolvedSymbolProfile = source.profile('USDJPY'); // { price: 150, pipSize: 0.01, spreadPips: 1, annualVolatility: 0.09 }
 * ```
 */
export type ResolvedSymbolProfile = Required<SymbolProfile>;

const knownProfiles: Record<string, ResolvedSymbolProfile> = {
  EURUSD: { price: 1.08, pipSize: 0.0001, spreadPips: 0.8, annualVolatility: 0.07 },
  GBPUSD: { price: 1.27, pipSize: 0.0001, spreadPips: 1.2, annualVolatility: 0.08 },
  USDJPY: { price: 150, pipSize: 0.01, spreadPips: 1, annualVolatility: 0.09 },
  AUDUSD: { price: 0.66, pipSize: 0.0001, spreadPips: 1, annualVolatility: 0.1 },
  USDCHF: { price: 0.88, pipSize: 0.0001, spreadPips: 1.3, annualVolatility: 0.07 },
  USDCAD: { price: 1.36, pipSize: 0.0001, spreadPips: 1.4, annualVolatility: 0.06 },
  NZDUSD: { price: 0.61, pipSize: 0.0001, spreadPips: 1.5, annualVolatility: 0.1 },
  EURGBP: { price: 0.85, pipSize: 0.0001, spreadPips: 1.2, annualVolatility: 0.05 },
  EURJPY: { price: 162, pipSize: 0.01, spreadPips: 1.5, annualVolatility: 0.09 },
  GBPJPY: { price: 190, pipSize: 0.01, spreadPips: 2.5, annualVolatility: 0.1 },
  XAUUSD: { price: 2000, pipSize: 0.1, spreadPips: 3, annualVolatility: 0.15 },
};

/** Resolves the profile of `symbol`: the built-in one (or the generic one) overridden by `overrides`. */
export function symbolProfile(symbol: string, overrides?: SymbolProfile): ResolvedSymbolProfile {
  const known = knownProfiles[symbol.toUpperCase()];
  const base: ResolvedSymbolProfile =
    known ??
    (symbol.toUpperCase().endsWith('JPY')
      ? { price: 100, pipSize: 0.01, spreadPips: 2, annualVolatility: 0.09 }
      : { price: 1, pipSize: 0.0001, spreadPips: 2, annualVolatility: 0.08 });
  const profile = { ...base, ...overrides };
  if (!(profile.price > 0) || !(profile.pipSize > 0) || !(profile.annualVolatility > 0)) {
    throw new RangeError(
      `synthetic profile of ${symbol} needs a positive price, pipSize and annualVolatility`,
    );
  }
  return profile;
}
