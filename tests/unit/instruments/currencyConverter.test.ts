import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { ConversionSeries, ConversionSeriesError } from '../../../src/instruments/conversionSeries.js';
import { CurrencyConverter } from '../../../src/instruments/currencyConverter.js';
import { resolveInstrument } from '../../../src/instruments/instrumentProfile.js';
import { MissingConversionError } from '../../../src/instruments/missingConversionError.js';
import { CsvFormatError } from '../../../src/market/csvFormatError.js';

const trading = (input: SystemConfigInput['trading'] = {}) =>
  SystemConfigSchema.parse({ trading: input }).trading;

/** The converter of the run's symbols (`symbols`), as the paper broker builds it. */
function converterFor(input: SystemConfigInput['trading'], series?: Map<string, ConversionSeries>) {
  const settings = trading(input);
  const profiles = (settings.symbols ?? [settings.symbol]).map((symbol) =>
    resolveInstrument(symbol, settings),
  );
  return CurrencyConverter.forProfiles(profiles, settings, series);
}

/** A GBPUSD conversion file of two hourly bars, closing at 1.25 then 1.30. */
function gbpusdSeries(pair: string): ConversionSeries {
  const path = join(mkdtempSync(join(tmpdir(), 'tradestate-series-')), 'gbpusd.csv');
  writeFileSync(
    path,
    [
      'time,open,high,low,close,volume',
      '2025-01-06T10:00:00Z,1.25,1.26,1.24,1.25,1',
      '2025-01-06T11:00:00Z,1.25,1.31,1.25,1.30,1',
    ].join('\n'),
  );
  return ConversionSeries.load(pair, path);
}

describe('CurrencyConverter: quote currency into the account currency', () => {
  it('is 1 when the quote is the account currency, and 1 / price when the base is', () => {
    const converter = converterFor({ symbols: ['EURUSD', 'USDCHF'] });
    expect(converter.rate('EURUSD', 1.1, {}, 0)).toBe(1);
    expect(converter.rate('USDCHF', 1.25, {}, 0)).toBe(0.8);
  });

  it('uses a fixed rate of trading.conversion_rates, written either way round', () => {
    expect(
      converterFor({ symbol: 'EURGBP', conversion_rates: { 'GBP/USD': 1.27 } }).rate('EURGBP', 0.85, {}, 0),
    ).toBe(1.27);
    expect(
      converterFor({ symbol: 'EURGBP', conversion_rates: { 'USD/GBP': 0.8 } }).rate('EURGBP', 0.85, {}, 0),
    ).toBe(1.25);
  });

  it('reads a conversion series at the moment of the amount, inverted when the pair is written USD/GBP', () => {
    const direct = converterFor({ symbol: 'EURGBP' }, new Map([['GBP/USD', gbpusdSeries('GBP/USD')]]));
    expect(direct.rate('EURGBP', 0.85, {}, Date.parse('2025-01-06T10:30:00Z'))).toBe(1.25);
    expect(direct.rate('EURGBP', 0.85, {}, Date.parse('2025-01-06T11:00:00Z'))).toBe(1.3);
    const inverse = converterFor({ symbol: 'EURGBP' }, new Map([['USD/GBP', gbpusdSeries('USD/GBP')]]));
    expect(inverse.rate('EURGBP', 0.85, {}, Date.parse('2025-01-06T10:30:00Z'))).toBe(0.8);
  });

  it('prefers a series over a fixed rate for the same currency', () => {
    const converter = converterFor(
      { symbol: 'EURGBP', conversion_rates: { 'GBP/USD': 1.1 } },
      new Map([['GBP/USD', gbpusdSeries('GBP/USD')]]),
    );
    expect(converter.rate('EURGBP', 0.85, {}, Date.parse('2025-01-06T10:30:00Z'))).toBe(1.25);
  });

  it('converts through a traded USD-based symbol by its last price (EURJPY with USDJPY traded)', () => {
    const converter = converterFor({ symbols: ['EURJPY', 'USDJPY'] });
    expect(converter.rate('EURJPY', 160, { USDJPY: 150 }, 0)).toBeCloseTo(1 / 150, 15);
  });

  it('throws a RangeError naming both symbols when the converting symbol has no price yet', () => {
    const converter = converterFor({ symbols: ['EURJPY', 'USDJPY'] });
    expect(() => converter.rate('EURJPY', 160, {}, 0)).toThrow(
      new RangeError("no USDJPY price yet to convert EURJPY's PnL into the account currency"),
    );
    expect(() => converter.rate('EURJPY', 160, { USDJPY: 0 }, 0)).toThrow(RangeError);
  });

  it('refuses at construction a symbol it cannot convert, naming the symbol and both currencies', () => {
    expect(() => converterFor({ symbol: 'EURGBP' })).toThrow(MissingConversionError);
    expect(() => converterFor({ symbol: 'EURGBP' })).toThrow(/EURGBP/);
  });

  it('answers 1 for a symbol it was not built for', () => {
    expect(converterFor({ symbol: 'EURUSD' }).rate('GBPUSD', 1.27, {}, 0)).toBe(1);
  });
});

describe('ConversionSeries.load', () => {
  it('refuses a file without bars as a CSV error naming the file and its header line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tradestate-series-')), 'empty.csv');
    writeFileSync(path, 'time,open,high,low,close,volume\n');
    expect(() => ConversionSeries.load('GBP/USD', path)).toThrow(CsvFormatError);
    expect(() => ConversionSeries.load('GBP/USD', path)).toThrow(/empty\.csv.*header only/);
  });

  it('refuses a file it cannot read, naming the setting, the path and the reason', () => {
    const path = join(tmpdir(), 'tradestate-no-such-series.csv');
    expect(() => ConversionSeries.load('GBP/USD', path)).toThrow(ConversionSeriesError);
    expect(() => ConversionSeries.load('GBP/USD', path)).toThrow(
      `trading.conversion_series."GBP/USD": cannot read ${path} (ENOENT)`,
    );
  });
});
