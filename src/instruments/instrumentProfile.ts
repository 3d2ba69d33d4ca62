import type { SystemConfig } from '../config/systemConfig.js';

/**
 * What the paper broker needs to know about a traded symbol: what it is, which currency its prices are
 * in, how big a lot is, how prices and sizes are rounded, and how much margin a position ties up.
 *
 * @example
 * ```ts
 * const profile: InstrumentProfile = resolveInstrument('USDCHF', config.trading);
 * profile.quoteCurrency; // 'CHF': PnL arises in francs and is converted into the account currency
 * ```
 */
export interface InstrumentProfile {
  symbol: string;
  assetClass: 'fx' | 'stock' | 'crypto' | 'index';
  baseCurrency: string;
  quoteCurrency: string;
  /** Units per lot: 100,000 for an FX lot, 1 for a share or a coin. */
  contractSize: number;
  /** Prices are rounded to it. */
  tickSize: number;
  /** Unit of the spread and slippage settings (`broker.spread_pips`). */
  pipSize: number;
  /** Sizes are rounded down to a multiple of it (1 for stocks: whole shares). */
  lotStep: number;
  /** Smallest order sent. */
  minSize: number;
  /** Margin as a fraction of the position's value in account currency (1: no leverage). */
  marginRate: number;
  /** Where the profile came from, for messages: `built-in`, `generic` or `config`. */
  source: 'built-in' | 'generic' | 'config';
}

type Defaults = Omit<InstrumentProfile, 'symbol' | 'source'>;

const CURRENCIES = new Set([
  'EUR',
  'USD',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'SGD',
  'HKD',
  'ZAR',
  'MXN',
  'PLN',
  'TRY',
  'CNH',
  'CZK',
  'HUF',
  'XAU',
  'XAG',
]);
/** Quotes that only coins have: any symbol quoted in one of them is a coin (`PEPEUSDT`, `SHIBBTC`). */
const COIN_ONLY_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USDP', 'BTC', 'ETH', 'BNB'];
/** Quotes that fiat pairs and stocks share with coins: a symbol in them is a coin only if its base is one. */
const FIAT_QUOTES = ['USD', 'EUR'];
const CRYPTO_BASES = new Set([
  'BTC',
  'ETH',
  'SOL',
  'XRP',
  'ADA',
  'DOGE',
  'LTC',
  'BNB',
  'DOT',
  'AVAX',
  'LINK',
  'SHIB',
  'PEPE',
  'TRX',
  'BCH',
  'XLM',
  'ATOM',
  'UNI',
  'NEAR',
  'MATIC',
  'POL',
  'ETC',
  'FIL',
  'APT',
  'ARB',
  'OP',
  'SUI',
  'TON',
]);
/** What a coin's base may look like: `BTC`, `1000PEPE`, `1INCH`. */
const COIN_BASE = /^[A-Z0-9]{2,12}$/;

/** Retail FX leverage of 30:1 (the ESMA limit for major pairs). */
const FX_MARGIN_RATE = 1 / 30;

function fxDefaults(base: string, quote: string): Defaults {
  const metal = base === 'XAU' || base === 'XAG';
  const pipSize = metal ? 0.1 : quote === 'JPY' ? 0.01 : 0.0001;
  return {
    assetClass: 'fx',
    baseCurrency: base,
    quoteCurrency: quote,
    contractSize: metal ? 100 : 100_000,
    tickSize: pipSize / 10,
    pipSize,
    lotStep: 0.01,
    minSize: 0.01,
    marginRate: metal ? 0.05 : FX_MARGIN_RATE,
  };
}

/**
 * Built-in profile classes. A stock trades whole shares quoted in cents with Reg T margin (50 %); a coin
 * trades in steps of 0.0001 without leverage.
 */
export const instrumentClassDefaults = {
  stock: (symbol: string, quote: string): Defaults => ({
    assetClass: 'stock',
    baseCurrency: symbol,
    quoteCurrency: quote,
    contractSize: 1,
    tickSize: 0.01,
    pipSize: 0.01,
    lotStep: 1,
    minSize: 1,
    marginRate: 0.5,
  }),
  index: (symbol: string, quote: string): Defaults => ({
    assetClass: 'index',
    baseCurrency: symbol,
    quoteCurrency: quote,
    contractSize: 1,
    tickSize: 0.01,
    pipSize: 1,
    lotStep: 0.1,
    minSize: 0.1,
    marginRate: 0.05,
  }),
  crypto: (base: string, quote: string): Defaults => ({
    assetClass: 'crypto',
    baseCurrency: base,
    quoteCurrency: quote,
    contractSize: 1,
    tickSize: 0.01,
    pipSize: 0.01,
    lotStep: 0.0001,
    minSize: 0.0001,
    marginRate: 1,
  }),
};

/** `EURUSD`, `EUR/USD`, `BTCUSDT`, `BTC/USDT` → base and quote, when the symbol reads as a pair. */
function splitPair(symbol: string): { base: string; quote: string; crypto: boolean } | undefined {
  const upper = symbol.toUpperCase().replace(/[-_]/g, '/');
  const [left, right] = upper.includes('/') ? upper.split('/') : [undefined, undefined];
  if (left !== undefined && right !== undefined) {
    return { base: left, quote: right, crypto: !(CURRENCIES.has(left) && CURRENCIES.has(right)) };
  }
  if (upper.length === 6 && CURRENCIES.has(upper.slice(0, 3)) && CURRENCIES.has(upper.slice(3))) {
    return { base: upper.slice(0, 3), quote: upper.slice(3), crypto: false };
  }
  for (const quote of COIN_ONLY_QUOTES) {
    const base = upper.slice(0, upper.length - quote.length);
    if (upper.endsWith(quote) && COIN_BASE.test(base)) return { base, quote, crypto: true };
  }
  for (const quote of FIAT_QUOTES) {
    const base = upper.slice(0, upper.length - quote.length);
    if (upper.endsWith(quote) && CRYPTO_BASES.has(base)) return { base, quote, crypto: true };
  }
  return undefined;
}

/**
 * The profile of `symbol`: built in for currency pairs (`EURUSD`, `USDJPY`, `XAUUSD`, ...) and coins (any
 * symbol quoted in a stablecoin, BTC, ETH or BNB, such as `PEPEUSDT`; common coins in USD or EUR, such as
 * `ETH/USD`; any `BASE/QUOTE` that is not a currency pair); generic otherwise (the `trading.pip_size` and `trading.contract_size` settings,
 * quoted in the account currency). `trading.instruments.<symbol>` overrides any field; its `asset_class`
 * alone selects the class defaults (`asset_class: stock` gives whole shares, a cent tick and 50 % margin).
 * For FX and generic symbols, `trading.pip_size` / `trading.contract_size` still apply when changed from
 * their defaults, so existing configurations keep their meaning.
 *
 * @example
 * ```ts
 * const { trading } = config;
 * resolveInstrument('MSFT', { ...trading, instruments: { MSFT: { asset_class: 'stock' } } }).lotStep; // 1
 * resolveInstrument('USDJPY', trading).pipSize; // 0.01
 * ```
 */
export function resolveInstrument(symbol: string, trading: SystemConfig['trading']): InstrumentProfile {
  const override = trading.instruments[symbol] ?? trading.instruments[symbol.toUpperCase()];
  const pair = splitPair(symbol);
  const account = trading.account_currency;
  const quote = override?.quote_currency ?? pair?.quote ?? account;
  let defaults: Defaults;
  let source: InstrumentProfile['source'] = 'built-in';
  const assetClass = override?.asset_class;
  if (assetClass === 'stock' || assetClass === 'index') {
    defaults = instrumentClassDefaults[assetClass](symbol, quote);
  } else if (assetClass === 'crypto' || (assetClass === undefined && pair?.crypto)) {
    defaults = instrumentClassDefaults.crypto(pair?.base ?? symbol, quote);
  } else if (pair !== undefined) {
    defaults = fxDefaults(pair.base, quote);
  } else {
    source = 'generic';
    defaults = { ...fxDefaults(symbol, quote), baseCurrency: symbol };
  }
  if (defaults.assetClass === 'fx') {
    // The global settings predate profiles: honour them where someone changed them.
    if (trading.pip_size !== 0.0001 || source === 'generic') {
      defaults.pipSize = trading.pip_size;
      defaults.tickSize = trading.pip_size / 10;
    }
    if (trading.contract_size !== 100_000 || source === 'generic')
      defaults.contractSize = trading.contract_size;
  }
  if (override === undefined) return { symbol, ...defaults, source };
  return {
    symbol,
    assetClass: override.asset_class ?? defaults.assetClass,
    baseCurrency: override.base_currency ?? defaults.baseCurrency,
    quoteCurrency: quote,
    contractSize: override.contract_size ?? defaults.contractSize,
    tickSize: override.tick_size ?? override.pip_size ?? defaults.tickSize,
    pipSize: override.pip_size ?? defaults.pipSize,
    lotStep: override.lot_step ?? defaults.lotStep,
    minSize: override.min_size ?? override.lot_step ?? defaults.minSize,
    marginRate: override.margin_rate ?? defaults.marginRate,
    source: 'config',
  };
}
