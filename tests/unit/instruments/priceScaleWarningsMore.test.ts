import { describe, expect, it } from 'vitest';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { priceScaleWarnings } from '../../../src/instruments/priceScaleWarnings.js';

const trading = (input: SystemConfigInput['trading'] = {}) =>
  SystemConfigSchema.parse({ trading: input }).trading;

describe('priceScaleWarnings beyond the lot size', () => {
  it('says nothing without data', () => {
    expect(priceScaleWarnings('MSFT', [], trading())).toEqual([]);
  });

  it('names pip_size when the pip is more than a hundredth of the price', () => {
    const warnings = priceScaleWarnings(
      'PENNY',
      [{ low: 0.5, high: 0.6 }],
      trading({ instruments: { PENNY: { asset_class: 'stock', pip_size: 0.01, tick_size: 0.01 } } }),
    );
    expect(warnings).toEqual([
      'PENNY trades at 0.50–0.60 but its pip is 0.01: set trading.instruments.PENNY.pip_size (and tick_size) to the price increment of the data.',
    ]);
  });

  it('names tick_size when a stock is quoted three decimals finer than its tick', () => {
    const warnings = priceScaleWarnings(
      'MSFT',
      [{ low: 40.12345, high: 41.5 }],
      trading({ instruments: { MSFT: { asset_class: 'stock' } } }),
    );
    expect(warnings).toEqual([
      'MSFT prices have 5 decimals but fills are rounded to the tick 0.01: set trading.instruments.MSFT.tick_size if the market quotes finer.',
    ]);
  });
});
