import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { StrategyConfigError } from '../../../src/strategies/strategyConfigError.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { UnknownStrategyTypeError } from '../../../src/strategies/unknownStrategyTypeError.js';
import { series } from './rows.js';

const macdSign = defineStrategy({
  type: 'macd_sign',
  description: 'Long when the MACD histogram turns positive, short when it turns negative',
  parameters: z.strictObject({ column: z.string().default('macd_histogram') }),
  create: ({ column }) => ({
    type: 'macd_sign',
    requiredIndicators: [column],
    evaluate(rows) {
      const now = rows.at(-1)?.indicators[column];
      const before = rows.at(-2)?.indicators[column];
      if (now === undefined || before === undefined) return undefined;
      if (before <= 0 && now > 0) return 'long';
      if (before >= 0 && now < 0) return 'short';
      return undefined;
    },
  }),
});

describe('StrategyRegistry', () => {
  it('holds the three built-ins, listed by type', () => {
    const registry = StrategyRegistry.withBuiltins();
    expect(registry.list().map((definition) => definition.type)).toEqual([
      'bollinger_breakout',
      'ema_crossover',
      'rsi_mean_reversion',
    ]);
    expect(registry.has('ema_crossover')).toBe(true);
    expect(registry.has('macd_sign')).toBe(false);
  });

  it('rejects an unknown type, listing the registered types and suggesting the near one', () => {
    const registry = StrategyRegistry.withBuiltins();
    const attempt = () => registry.create('trend', 'ema_crosover', {});
    expect(attempt).toThrow(UnknownStrategyTypeError);
    expect(attempt).toThrow(
      'strategy "trend": unknown type "ema_crosover" (did you mean "ema_crossover"?); registered: bollinger_breakout, ema_crossover, rsi_mean_reversion',
    );
  });

  it('makes no suggestion when no registered type is close', () => {
    expect(() => StrategyRegistry.withBuiltins().get('zzz')).toThrow(/unknown type "zzz"; registered:/);
  });

  it('names the instance, parameter path and value of a wrongly typed parameter', () => {
    const attempt = () => StrategyRegistry.withBuiltins().create('ema_cross', 'ema_crossover', { fast: 5 });
    expect(attempt).toThrow(StrategyConfigError);
    expect(attempt).toThrow('strategy "ema_cross": params.fast: expected string, got 5');
  });

  it('rejects unknown parameter names and out-of-range values', () => {
    const registry = StrategyRegistry.withBuiltins();
    expect(() => registry.create('r', 'rsi_mean_reversion', { ovresold: 20 })).toThrow(
      'strategy "r": params: unknown parameter "ovresold"',
    );
    expect(() => registry.create('r', 'rsi_mean_reversion', { oversold: 150 })).toThrow(
      'strategy "r": params.oversold: expected a number < 100, got 150',
    );
    expect(() => registry.create('r', 'rsi_mean_reversion', { oversold: 60, overbought: 40 })).toThrow(
      /params\.oversold: oversold must be below overbought/,
    );
  });

  it('refuses to register the same type twice', () => {
    const registry = StrategyRegistry.withBuiltins();
    expect(() => registry.register(StrategyRegistry.withBuiltins().get('ema_crossover'))).toThrow(
      'type "ema_crossover" is already registered',
    );
  });

  it('builds a user-defined strategy with defaults filled in by its schema', () => {
    const registry = StrategyRegistry.withBuiltins().register(macdSign);
    const strategy = registry.create('macd', 'macd_sign', {});
    expect(strategy.requiredIndicators).toEqual(['macd_histogram']);
    expect(strategy.evaluate(series([{ macd_histogram: -0.1 }, { macd_histogram: 0.2 }]))).toBe('long');
    expect(() => registry.create('macd', 'macd_sign', { column: 1 })).toThrow(
      'strategy "macd": params.column: expected string, got 1',
    );
  });
});
