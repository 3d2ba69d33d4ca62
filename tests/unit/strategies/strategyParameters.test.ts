import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { describeStrategyParameters } from '../../../src/strategies/strategyParameters.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';

describe('strategy parameters from the zod schemas', () => {
  it('lists rsi_mean_reversion parameters with type, default, bounds and description', () => {
    const parameters = describeStrategyParameters(StrategyRegistry.withBuiltins().get('rsi_mean_reversion'));
    expect(parameters.map((parameter) => parameter.name)).toEqual(['column', 'oversold', 'overbought']);
    expect(parameters[1]).toEqual({
      name: 'oversold',
      type: 'number',
      default: 30,
      required: false,
      description: 'Level below which the market is oversold',
      constraints: '> 0, < 100',
    });
  });

  it('documents every parameter of every built-in strategy', () => {
    const registry = StrategyRegistry.withBuiltins();
    for (const definition of registry.list()) {
      const parameters = describeStrategyParameters(definition);
      expect(parameters.length, definition.type).toBeGreaterThan(0);
      for (const parameter of parameters)
        expect(parameter.description, `${definition.type}.${parameter.name}`).not.toBe('');
    }
  });

  it('marks a parameter without default as required and shows enums and integers', () => {
    const definition = defineStrategy({
      type: 'custom',
      description: 'test',
      parameters: z.strictObject({
        side: z.enum(['long', 'short']).describe('Side'),
        bars: z.number().int().min(1).default(3),
      }),
      create: () => ({ type: 'custom', requiredIndicators: [], evaluate: () => undefined }),
    });
    const [side, bars] = describeStrategyParameters(definition as never);
    expect(side).toMatchObject({ type: '"long" | "short"', required: true, description: 'Side' });
    expect(bars).toMatchObject({ type: 'integer', default: 3, constraints: '>= 1' });
  });

  it('names unions, arrays of anything and untyped values by their JSON Schema shape', () => {
    const definition = defineStrategy({
      type: 'shapes',
      description: 'test',
      parameters: z.strictObject({
        level: z.union([z.number(), z.string()]).optional(),
        tags: z.array(z.unknown()).default([]),
        extra: z.unknown(),
      }),
      create: () => ({ type: 'shapes', requiredIndicators: [], evaluate: () => undefined }),
    });
    const types = describeStrategyParameters(definition as never).map((parameter) => [
      parameter.name,
      parameter.type,
    ]);
    expect(types).toEqual([
      ['level', 'number | string'],
      ['tags', 'any[]'],
      ['extra', 'any'],
    ]);
  });

  it('an unknown type in an empty registry says none are registered', () => {
    expect(() => new StrategyRegistry().get('ema_crossover')).toThrow(
      'unknown type "ema_crossover"; registered: (none)',
    );
  });

  it('an unknown parameter error lists the valid ones and suggests the closest', () => {
    const registry = StrategyRegistry.withBuiltins();
    expect(() => registry.create('ema', 'ema_crossover', { period: 10 })).toThrow(
      'strategy "ema": params: unknown parameter "period"; valid parameters: fast, slow, confirm_bars',
    );
    expect(() => registry.create('r', 'rsi_mean_reversion', { ovresold: 20 })).toThrow(
      'params: unknown parameter "ovresold" (did you mean "oversold"?); valid parameters: column, oversold, overbought',
    );
  });
});
