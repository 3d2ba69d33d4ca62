import { describe, expect, it } from 'vitest';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { dataTickSize } from '../../../src/instruments/dataTickSize.js';
import { fitInstrumentToData } from '../../../src/instruments/fitInstrumentToData.js';
import { resolveInstrument } from '../../../src/instruments/instrumentProfile.js';
import { PriceScaleError } from '../../../src/instruments/priceScaleError.js';
import { PriceRange } from '../../../src/market/priceRange.js';

const config = (input: SystemConfigInput['trading'] = {}) => SystemConfigSchema.parse({ trading: input });
const trading = (input: SystemConfigInput['trading'] = {}) => config(input).trading;
/** Bars of a coin worth a fraction of a cent, written with 8 decimals. */
const shib = PriceRange.of([
  { open: 0.00001234, high: 0.00001346, low: 0.00001201, close: 0.00001299 },
  { open: 0.00001299, high: 0.00001311, low: 0.00000452, close: 0.00000987 },
]);

describe('which symbols are coins', () => {
  it('takes any symbol quoted in a stablecoin, BTC, ETH or BNB for a coin, whatever its base', () => {
    for (const [symbol, base, quote] of [
      ['PEPEUSDT', 'PEPE', 'USDT'],
      ['1000PEPEUSDT', '1000PEPE', 'USDT'],
      ['WIFUSDC', 'WIF', 'USDC'],
      ['ARBFDUSD', 'ARB', 'FDUSD'],
      ['ADAETH', 'ADA', 'ETH'],
      ['SHIBBTC', 'SHIB', 'BTC'],
    ]) {
      expect(resolveInstrument(symbol!, trading()), symbol).toMatchObject({
        assetClass: 'crypto',
        baseCurrency: base,
        quoteCurrency: quote,
      });
    }
  });

  it('takes a symbol quoted in USD or EUR for a coin only when its base is a known coin', () => {
    expect(resolveInstrument('SHIBUSD', trading()).assetClass).toBe('crypto');
    expect(resolveInstrument('ABCUSD', trading()).source).toBe('generic');
    expect(resolveInstrument('EURUSD', trading()).assetClass).toBe('fx');
    expect(resolveInstrument('MSFT', trading()).source).toBe('generic');
  });
});

describe('dataTickSize', () => {
  it('takes the tick of a coin worth a fraction of a cent from the decimals of its prices', () => {
    expect(dataTickSize('SHIBUSDT', shib, trading())).toBe(1e-8);
  });

  it('keeps the crypto tick of 0.01 for a dear coin (BTC at 100,000)', () => {
    const btc = PriceRange.of([{ open: 101234.56, high: 101330.12, low: 101068.45, close: 101140.46 }]);
    expect(dataTickSize('BTCUSDT', btc, trading())).toBeUndefined();
  });

  it('leaves a tick or pip set in trading.instruments alone, and symbols that are not coins', () => {
    expect(dataTickSize('SHIBUSDT', shib, trading({ instruments: { SHIBUSDT: { tick_size: 1e-6 } } }))).toBe(
      undefined,
    );
    expect(dataTickSize('SHIBUSDT', shib, trading({ instruments: { SHIBUSDT: { pip_size: 1e-6 } } }))).toBe(
      undefined,
    );
    expect(dataTickSize('SHIB', shib, trading())).toBeUndefined();
  });
});

describe('PriceScaleError.check', () => {
  it('refuses prices at or below the tick, naming the settings and the step of the data', () => {
    expect(() => PriceScaleError.check('SHIBUSDT', shib, trading())).toThrow(
      'SHIBUSDT trades as low as 0.00000452, but its fills are rounded to a tick of 0.01 (built-in crypto profile): prices would round to 0 or to one tick; set trading.instruments.SHIBUSDT.tick_size and pip_size to the price increment of the data (0.00000001 for prices written with 8 decimals)',
    );
  });

  it('refuses prices a fill could take to 0 or below through the spread and slippage', () => {
    const fine = trading({ instruments: { SHIB: { tick_size: 1e-8 } } });
    expect(() => PriceScaleError.check('SHIB', shib, fine)).toThrow(
      /^SHIB trades as low as 0\.00000452, but half the spread and the slippage of a fill come to up to 0\.00008 \(trading\.broker\.spread_pips 0\.8 and slippage_pips 0\.2 of a 0\.0001 pip\): a sell could fill at 0 or below/,
    );
  });

  it('accepts a currency pair and a coin whose profile fits', () => {
    const eurusd = PriceRange.of([{ low: 1.0712, high: 1.1034 }]);
    expect(() => PriceScaleError.check('EURUSD', eurusd, trading())).not.toThrow();
    const fitted = trading({ instruments: { SHIBUSDT: { tick_size: 1e-8, pip_size: 1e-8 } } });
    expect(() => PriceScaleError.check('SHIBUSDT', shib, fitted)).not.toThrow();
  });
});

describe('fitInstrumentToData', () => {
  it('writes the data tick of a coin into trading.instruments and says so', () => {
    const { config: fitted, notices } = fitInstrumentToData(config(), 'SHIBUSDT', shib);
    expect(fitted.trading.instruments.SHIBUSDT).toEqual({ tick_size: 1e-8, pip_size: 1e-8 });
    expect(resolveInstrument('SHIBUSDT', fitted.trading)).toMatchObject({ tickSize: 1e-8, pipSize: 1e-8 });
    expect(notices).toEqual([
      'Note: SHIBUSDT prices are written with 8 decimals, finer than the crypto tick 0.01: fills are rounded to 0.00000001, and spread_pips and slippage_pips count in 0.00000001 (set trading.instruments.SHIBUSDT.tick_size and pip_size to choose others).',
    ]);
  });

  it('keeps the other settings of the symbol when it adds the tick', () => {
    const { config: fitted } = fitInstrumentToData(
      config({ instruments: { SHIBUSDT: { margin_rate: 0.5 } } }),
      'SHIBUSDT',
      shib,
    );
    expect(fitted.trading.instruments.SHIBUSDT).toEqual({
      margin_rate: 0.5,
      tick_size: 1e-8,
      pip_size: 1e-8,
    });
  });

  it('warns of a gap by a split ratio: prices that are not split-adjusted', () => {
    const day = Date.UTC(2021, 9, 11);
    const prices = PriceRange.of([
      { time: day, open: 243.2, high: 244, low: 241, close: 242.18 },
      { time: day + 86_400_000, open: 60.35, high: 61, low: 57.8, close: 58.5 },
    ]);
    const { notices } = fitInstrumentToData(
      config({ instruments: { AAPL: { asset_class: 'stock' } } }),
      'AAPL',
      prices,
    );
    expect(notices).toEqual([
      'Warning: AAPL gaps from 242.18 to 60.35 at 2021-10-12T00:00:00.000Z, by the ratio of a 4:1 split: if it is one, the prices are not split-adjusted and a position held across it gains or loses as if the price had moved that much; use split-adjusted prices.',
    ]);
  });

  it('changes nothing for data its profile fits', () => {
    const eurusd = PriceRange.of([{ open: 1.08512, high: 1.0856, low: 1.0712, close: 1.0803 }]);
    const original = config();
    const { config: fitted, notices } = fitInstrumentToData(original, 'EURUSD', eurusd);
    expect(fitted).toBe(original);
    expect(notices).toEqual([]);
  });
});
