import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configFromObject } from '../../../src/config/configLoader.js';
import { OptimizeInputError } from '../../../src/optimize/optimizeInputError.js';
import {
  resolveParameterTarget,
  tunableParameterNames,
  withParameter,
} from '../../../src/optimize/parameterTarget.js';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';

const never = () => ({ type: 'gated', requiredIndicators: [], evaluate: () => undefined });
/** A user type whose schema is refined (a zod pipe/effect around the object), with a non-numeric parameter. */
const gated = defineStrategy({
  type: 'gated',
  description: 'test',
  parameters: z
    .strictObject({
      lookback: z.number().int().default(5),
      threshold: z.number().default(0.5),
      label: z.string().default('x'),
    })
    .refine((value) => value.lookback > 0),
  create: never,
});
const registry = StrategyRegistry.withBuiltins().register(gated as never);
const config = configFromObject({
  services: {
    strategy_evaluation: {
      strategies: [
        { name: 'gate', type: 'gated', params: {}, stop_loss_atr: 2 },
        { name: 'mystery', type: 'not_registered', params: {} },
      ],
    },
  },
});

describe('resolveParameterTarget for strategies', () => {
  it('finds a parameter of a refined schema, whole-number or not, also written as params.<name>', () => {
    expect(resolveParameterTarget(config, registry, 'gate.lookback')).toMatchObject({
      path: ['services', 'strategy_evaluation', 'strategies', 0, 'params', 'lookback'],
      integer: true,
      describe: 'strategy gate (gated) parameter lookback',
    });
    expect(resolveParameterTarget(config, registry, 'gate.params.threshold')).toMatchObject({
      path: ['services', 'strategy_evaluation', 'strategies', 0, 'params', 'threshold'],
      integer: false,
    });
  });

  it("refuses a setting the strategy does not have, listing its exit settings and its type's parameters", () => {
    expect(() => resolveParameterTarget(config, registry, 'gate.period')).toThrow(
      new OptimizeInputError(
        'parameter gate.period: strategy "gate" (gated) has no numeric setting "period"; it has gate.stop_loss_atr, gate.lookback, gate.threshold, gate.label',
      ),
    );
  });

  it('lists only the exit settings of a strategy whose type is not registered', () => {
    expect(() => resolveParameterTarget(config, registry, 'mystery.period')).toThrow(
      /^parameter mystery\.period: strategy "mystery" \(not_registered\) has no numeric setting "period"; it has /,
    );
  });

  it('offers the numeric parameters of each registered type, not its text ones', () => {
    const names = tunableParameterNames(config, registry);
    expect(names).toContain('gate.lookback');
    expect(names).toContain('gate.threshold');
    expect(names).not.toContain('gate.label');
    // An unregistered type has no schema to read: only its numeric exit settings are offered.
    const mystery = config.services.strategy_evaluation.strategies[1] as Record<string, unknown>;
    for (const name of names.filter((candidate) => candidate.startsWith('mystery.')))
      expect(typeof mystery[name.slice('mystery.'.length)], name).toBe('number');
  });
});

describe('withParameter', () => {
  it('creates the missing objects on the way to a setting, leaving the original unchanged', () => {
    const original = { risk: {} } as Record<string, unknown>;
    const tuned = withParameter(
      original,
      { name: 'x', path: ['risk', 'limits', 'daily'], integer: false, describe: 'x' },
      3,
    );
    expect(tuned).toEqual({ risk: { limits: { daily: 3 } } });
    expect(original).toEqual({ risk: {} });
  });
});
