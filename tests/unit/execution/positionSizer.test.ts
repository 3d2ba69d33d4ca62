import { describe, expect, it } from 'vitest';
import { PositionSizer } from '../../../src/execution/positionSizer.js';
import { account, makeConfig } from './executionFixtures.js';

const riskSizer = (riskPercent = 1, maxPositionSize = 1) => {
  const { trading, risk } = makeConfig(
    { sizing: { mode: 'risk_percent', risk_percent: riskPercent } },
    { max_position_size: maxPositionSize },
  );
  return new PositionSizer(trading, risk);
};

describe('PositionSizer', () => {
  it('uses the configured lots in fixed mode, whatever the stop', () => {
    const { trading, risk } = makeConfig({ sizing: { mode: 'fixed', fixed_size: 0.25 } });
    const sizer = new PositionSizer(trading, risk);
    expect(sizer.size({ price: 1.1 }, account())).toBe(0.25);
    expect(sizer.size({ price: 1.1, stopLoss: 1.0 }, account())).toBe(0.25);
  });

  it('risks 1% of equity 10000 on a 0.0020 stop distance: 100 / (0.0020 × 100000) = 0.5 lot', () => {
    expect(riskSizer().size({ price: 1.1, stopLoss: 1.098, direction: 'long' }, account())).toBe(0.5);
    expect(riskSizer().size({ price: 1.1, stopLoss: 1.102, direction: 'short' }, account())).toBe(0.5);
  });

  it('rounds down to 0.01 lot: 100 / (0.0030 × 100000) = 0.333 → 0.33', () => {
    expect(riskSizer().size({ price: 1.1, stopLoss: 1.097 }, account())).toBe(0.33);
  });

  it('sizes on equity, not balance', () => {
    expect(
      riskSizer().size({ price: 1.1, stopLoss: 1.098 }, account({ balance: 10_000, equity: 8_000 })),
    ).toBe(0.4);
  });

  it('caps a risk-percent size at max_position_size', () => {
    // 100 / (0.0005 × 100000) = 2 lots, capped at 1.
    expect(riskSizer(1, 1).size({ price: 1.1, stopLoss: 1.0995 }, account())).toBe(1);
  });

  it('returns 0 with a reason when there is no stop, the stop is on the wrong side, or the size is under 0.01', () => {
    const sizer = riskSizer();
    expect(sizer.evaluate({ price: 1.1 }, account())).toEqual({ size: 0, reason: 'no_stop_loss' });
    expect(sizer.evaluate({ price: 1.1, stopLoss: 1.102, direction: 'long' }, account())).toEqual({
      size: 0,
      reason: 'invalid_stop_loss',
    });
    // 1 / (0.2 × 100000) = 0.00005 lot
    expect(sizer.evaluate({ price: 1.1, stopLoss: 0.9 }, account({ equity: 100 }))).toEqual({
      size: 0,
      reason: 'size_below_minimum',
    });
  });
});
