import { describe, expect, it } from 'vitest';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { row, series } from './rows.js';

const registry = StrategyRegistry.withBuiltins();

describe('ema_crossover', () => {
  const strategy = registry.create('ema', 'ema_crossover', {});

  it('goes long when the fast EMA crosses above the slow one on the last row', () => {
    const rows = series([
      { ema_fast: 1.0, ema_slow: 1.1 },
      { ema_fast: 1.1, ema_slow: 1.1 },
      { ema_fast: 1.2, ema_slow: 1.1 },
    ]);
    expect(strategy.evaluate(rows)).toBe('long');
  });

  it('goes short when the fast EMA crosses below the slow one', () => {
    const rows = series([
      { ema_fast: 1.2, ema_slow: 1.1 },
      { ema_fast: 1.05, ema_slow: 1.1 },
    ]);
    expect(strategy.evaluate(rows)).toBe('short');
  });

  it('answers nothing while the fast EMA stays above (no new cross)', () => {
    const rows = series([
      { ema_fast: 1.0, ema_slow: 1.1 },
      { ema_fast: 1.2, ema_slow: 1.1 },
      { ema_fast: 1.3, ema_slow: 1.1 },
    ]);
    expect(strategy.evaluate(rows)).toBeUndefined();
  });

  it('answers nothing while either EMA is warming up or with a single row', () => {
    expect(strategy.evaluate(series([{ ema_slow: 1.1 }, { ema_fast: 1.2, ema_slow: 1.1 }]))).toBeUndefined();
    expect(strategy.evaluate(series([{ ema_fast: 1.2, ema_slow: 1.1 }]))).toBeUndefined();
    expect(strategy.evaluate([])).toBeUndefined();
  });

  it('with confirm_bars: 1 signals one bar after the cross only if the cross held', () => {
    const confirmed = registry.create('ema', 'ema_crossover', { confirm_bars: 1 });
    const cross = [
      { ema_fast: 1.0, ema_slow: 1.1 },
      { ema_fast: 1.2, ema_slow: 1.1 },
    ];
    expect(confirmed.evaluate(series(cross))).toBeUndefined();
    expect(confirmed.evaluate(series([...cross, { ema_fast: 1.25, ema_slow: 1.1 }]))).toBe('long');
    expect(confirmed.evaluate(series([...cross, { ema_fast: 1.05, ema_slow: 1.1 }]))).toBeUndefined();
  });

  it('reads the columns named in its parameters', () => {
    const custom = registry.create('ema', 'ema_crossover', { fast: 'sma', slow: 'ema_slow' });
    expect(custom.requiredIndicators).toEqual(['sma', 'ema_slow']);
    expect(
      custom.evaluate(
        series([
          { sma: 1, ema_slow: 2 },
          { sma: 3, ema_slow: 2 },
        ]),
      ),
    ).toBe('long');
  });
});

describe('rsi_mean_reversion', () => {
  const strategy = registry.create('rsi', 'rsi_mean_reversion', {});

  it('goes long when the RSI crosses back above oversold (30)', () => {
    expect(strategy.evaluate(series([{ rsi: 25 }, { rsi: 31 }]))).toBe('long');
  });

  it('goes short when the RSI crosses back below overbought (70)', () => {
    expect(strategy.evaluate(series([{ rsi: 75 }, { rsi: 69 }]))).toBe('short');
  });

  it('counts a RSI sitting exactly on a level as having reached it', () => {
    expect(strategy.evaluate(series([{ rsi: 30 }, { rsi: 30.5 }]))).toBe('long');
    expect(strategy.evaluate(series([{ rsi: 70 }, { rsi: 65 }]))).toBe('short');
  });

  it('answers nothing while the RSI stays oversold, stays neutral, or is warming up', () => {
    expect(strategy.evaluate(series([{ rsi: 20 }, { rsi: 25 }]))).toBeUndefined();
    expect(strategy.evaluate(series([{ rsi: 45 }, { rsi: 55 }]))).toBeUndefined();
    expect(strategy.evaluate(series([{}, { rsi: 35 }]))).toBeUndefined();
  });

  it('uses custom levels', () => {
    const tight = registry.create('rsi', 'rsi_mean_reversion', { oversold: 20, overbought: 80 });
    expect(tight.evaluate(series([{ rsi: 25 }, { rsi: 31 }]))).toBeUndefined();
    expect(tight.evaluate(series([{ rsi: 19 }, { rsi: 21 }]))).toBe('long');
  });
});

describe('bollinger_breakout', () => {
  const strategy = registry.create('bb', 'bollinger_breakout', {});
  const bands = { bb_upper: 1.2, bb_lower: 1.0 };

  it('goes long when the close crosses above the upper band', () => {
    const rows = [row(0, bands, { close: 1.15 }), row(1, bands, { close: 1.21 })];
    expect(strategy.evaluate(rows)).toBe('long');
  });

  it('goes short when the close crosses below the lower band', () => {
    const rows = [row(0, bands, { close: 1.05 }), row(1, bands, { close: 0.99 })];
    expect(strategy.evaluate(rows)).toBe('short');
  });

  it('answers nothing when the close was already outside the band, or inside both times', () => {
    expect(
      strategy.evaluate([row(0, bands, { close: 1.21 }), row(1, bands, { close: 1.22 })]),
    ).toBeUndefined();
    expect(
      strategy.evaluate([row(0, bands, { close: 1.1 }), row(1, bands, { close: 1.15 })]),
    ).toBeUndefined();
  });

  it('answers nothing while the bands are warming up', () => {
    expect(strategy.evaluate([row(0, {}, { close: 1.15 }), row(1, bands, { close: 1.21 })])).toBeUndefined();
  });

  it('ignores breakouts from bands narrower than min_width (relative to the midline)', () => {
    const wide = registry.create('bb', 'bollinger_breakout', { min_width: 0.15 }); // bands are 0.2 / 1.1 ≈ 0.18 wide
    const narrow = registry.create('bb', 'bollinger_breakout', { min_width: 0.2 });
    const rows = [row(0, bands, { close: 1.15 }), row(1, bands, { close: 1.21 })];
    expect(wide.evaluate(rows)).toBe('long');
    expect(narrow.evaluate(rows)).toBeUndefined();
  });
});

describe('built-in strategies', () => {
  it('do not modify the rows they read and answer the same twice', () => {
    const rows = Object.freeze(
      series([
        { ema_fast: 1.0, ema_slow: 1.1, rsi: 25, bb_upper: 1.2, bb_lower: 1.0 },
        { ema_fast: 1.2, ema_slow: 1.1, rsi: 31, bb_upper: 1.2, bb_lower: 1.0 },
      ]).map((r) => Object.freeze({ ...r, indicators: Object.freeze(r.indicators) })),
    );
    for (const type of registry.types()) {
      const strategy = registry.create(type, type, {});
      expect(strategy.evaluate(rows)).toBe(strategy.evaluate(rows));
    }
  });
});
