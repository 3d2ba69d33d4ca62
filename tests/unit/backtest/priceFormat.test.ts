import { describe, expect, it } from 'vitest';
import { inferPriceFormat, priceFormatFromTick } from '../../../src/backtest/priceFormat.js';

const bar = (price: number) => ({ open: price, high: price, low: price, close: price });

describe('price format of the report', () => {
  it('writes a fractional-pip tick of 0.00001 as the exact decimal, never 0.000009999999999999999', () => {
    expect(priceFormatFromTick(0.00001)).toEqual({ precision: 5, minMove: '0.00001' });
    expect(priceFormatFromTick('0.00001')).toEqual({ precision: 5, minMove: '0.00001' });
    expect(priceFormatFromTick(10 ** -5)).toEqual({ precision: 5, minMove: '0.00001' });
  });

  it('keeps ticks that are not powers of ten and ticks written with an exponent', () => {
    expect(priceFormatFromTick('0.25')).toEqual({ precision: 2, minMove: '0.25' });
    expect(priceFormatFromTick(1e-7)).toEqual({ precision: 7, minMove: '0.0000001' });
    expect(priceFormatFromTick(5)).toEqual({ precision: 0, minMove: '5' });
    expect(priceFormatFromTick('0.0100')).toEqual({ precision: 2, minMove: '0.01' });
    expect(priceFormatFromTick('1.00')).toEqual({ precision: 0, minMove: '1' });
  });

  it('rejects a tick size that is not a positive decimal, naming the value', () => {
    expect(() => priceFormatFromTick('0')).toThrow('tick size must be a positive decimal, got 0');
    expect(() => priceFormatFromTick('abc')).toThrow('got abc');
  });

  it('infers the decimals from the bars: five for EURUSD quotes, four for sixteenths of a dollar', () => {
    expect(inferPriceFormat([bar(1.0834), bar(1.08345)])).toEqual({ precision: 5, minMove: '0.00001' });
    expect(inferPriceFormat([bar(63.4375), bar(60.625)])).toEqual({ precision: 4, minMove: '0.0001' });
    expect(inferPriceFormat([bar(412.5), bar(413)])).toEqual({ precision: 1, minMove: '0.1' });
  });

  it('caps the inferred decimals of unrounded prices at about six significant digits', () => {
    expect(inferPriceFormat([bar(1.0834512345678)])).toEqual({ precision: 5, minMove: '0.00001' });
    expect(inferPriceFormat([bar(2345.123456789)])).toEqual({ precision: 2, minMove: '0.01' });
  });

  it('writes whole prices when there are no bars, or only bars at zero or without a finite price', () => {
    expect(inferPriceFormat([])).toEqual({ precision: 0, minMove: '1' });
    expect(inferPriceFormat([bar(0)])).toEqual({ precision: 0, minMove: '1' });
    expect(inferPriceFormat([bar(Number.NaN), bar(12.5)])).toEqual({ precision: 1, minMove: '0.1' });
  });
});
