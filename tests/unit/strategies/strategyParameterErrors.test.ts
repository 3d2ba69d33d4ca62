import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { describeStrategyParameters } from '../../../src/strategies/strategyParameters.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';

const never = () => ({ type: 'probe', requiredIndicators: [], evaluate: () => undefined });

/** A registry holding one user type with the given parameter schema. */
function registryWith(parameters: z.ZodType) {
  return new StrategyRegistry().register(
    defineStrategy({ type: 'probe', description: 'test', parameters: parameters as never, create: never }),
  );
}

describe('parameter errors of a configured strategy', () => {
  it('lists several unknown parameters together, each with its own suggestion', () => {
    const registry = StrategyRegistry.withBuiltins();
    expect(() => registry.create('r', 'rsi_mean_reversion', { ovresold: 20, overbougth: 80 })).toThrow(
      'params: unknown parameters "ovresold", "overbougth" (did you mean "oversold" for "ovresold", "overbought" for "overbougth"?); valid parameters: column, oversold, overbought',
    );
  });

  it('says a type without parameters takes none', () => {
    expect(() => registryWith(z.strictObject({})).create('p', 'probe', { period: 3 })).toThrow(
      'strategy "p": params: unknown parameter "period"; valid parameters: (none)',
    );
  });

  it("names the path inside a nested parameter and the value found there, bounds in words rather than zod's", () => {
    const registry = registryWith(z.strictObject({ window: z.strictObject({ bars: z.number().min(2) }) }));
    expect(() => registry.create('p', 'probe', { window: { bars: 1 } })).toThrow(
      /^strategy "p": params\.window\.bars: expected a number ≥ 2, got 1$/,
    );
  });

  it('says "nothing" for a missing value and cuts a long value short', () => {
    const registry = registryWith(z.strictObject({ label: z.string().max(5), size: z.number() }));
    expect(() => registry.create('p', 'probe', { label: 'x'.repeat(100) })).toThrow(
      new RegExp(
        `params\\.label: expected at most 5 characters, got "${'x'.repeat(40)}…" \\(100 characters\\); params\\.size: expected number, got nothing`,
      ),
    );
  });

  it('validates a strategy configured without params against an empty object, filling defaults', () => {
    const registry = registryWith(z.strictObject({ bars: z.number().default(3) }));
    expect(registry.create('p', 'probe', undefined).type).toBe('probe');
    expect(() => registryWith(z.strictObject({ bars: z.number() })).create('p', 'probe', undefined)).toThrow(
      'params.bars: expected number, got nothing',
    );
  });
});

describe('describeStrategyParameters', () => {
  it('shows upper bounds, lengths, arrays, unions and optional parameters as a user reads them', () => {
    const definition = defineStrategy({
      type: 'probe',
      description: 'test',
      parameters: z.strictObject({
        level: z.number().max(90),
        share: z.number().lt(100),
        name: z.string().min(2).max(8),
        periods: z.array(z.number().int()),
        column: z.union([z.string(), z.number()]),
        note: z.string().optional(),
      }),
      create: never,
    });
    const parameters = Object.fromEntries(
      describeStrategyParameters(definition as never).map((parameter) => [parameter.name, parameter]),
    );
    expect(parameters.level).toMatchObject({ type: 'number', constraints: '<= 90', required: true });
    expect(parameters.share).toMatchObject({ constraints: '< 100' });
    expect(parameters.name).toMatchObject({ type: 'string', constraints: 'min length 2, max length 8' });
    expect(parameters.periods).toMatchObject({ type: 'integer[]' });
    expect(parameters.column).toMatchObject({ type: 'string | number' });
    expect(parameters.note).toMatchObject({ required: false, description: '' });
  });

  it('gives no parameters for a schema that is not an object, or that JSON Schema cannot express', () => {
    const of = (parameters: z.ZodType) =>
      describeStrategyParameters({ type: 'probe', description: '', parameters, create: never } as never);
    expect(of(z.number())).toEqual([]);
    expect(of(z.custom<{ a: number }>(() => true))).toEqual([]);
  });
});
