import { describe, expect, it } from 'vitest';
import type { IndicatorSpec } from '../../../src/config/systemConfig.js';
import { IndicatorConfigError } from '../../../src/indicators/indicatorConfigError.js';
import { IndicatorProcessor } from '../../../src/indicators/indicatorProcessor.js';

describe('an indicator specification the processor cannot build names the indicator and the field', () => {
  it.each<[IndicatorSpec, string]>([
    [{ name: 'trend', type: 'ema' } as IndicatorSpec, 'indicator "trend": type ema needs period'],
    [
      { name: 'trend', type: 'sma', period: 2.5 },
      'indicator "trend": period must be a positive integer, got 2.5',
    ],
    [
      { name: 'strength', type: 'adx', period: 0 },
      'indicator "strength": period must be a positive integer, got 0',
    ],
    [
      { name: 'bands', type: 'bollinger', period: 20, std_dev: 0 },
      'indicator "bands": std_dev must be a positive number, got 0',
    ],
    [
      { name: 'bands', type: 'bollinger', period: 20, std_dev: Number.POSITIVE_INFINITY },
      'indicator "bands": std_dev must be a positive number, got Infinity',
    ],
    [
      { name: 'macd', type: 'macd', fast_period: 12, slow_period: 26 } as IndicatorSpec,
      'indicator "macd": type macd needs signal_period',
    ],
    [{ name: '', type: 'rsi', period: 14 }, 'name must not be empty'],
    [
      { name: 'odd', type: 'vwap', period: 14 } as unknown as IndicatorSpec,
      'indicator "odd": unknown type vwap',
    ],
  ])('%j', (spec, message) => {
    expect(() => new IndicatorProcessor([spec])).toThrow(IndicatorConfigError);
    expect(() => new IndicatorProcessor([spec])).toThrow(message);
  });

  it('builds a Bollinger band with the default width when std_dev is not given', () => {
    const processor = new IndicatorProcessor([{ name: 'bands', type: 'bollinger', period: 20 }]);
    expect(processor.columns).toEqual(expect.arrayContaining([expect.stringMatching(/^bands/)]));
  });
});
