import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strategiesConfigCheck } from '../../../src/cli/strategiesConfigCheck.js';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { UserError } from '../../../src/errors/userError.js';
import { defineStrategy, type StrategyDefinition } from '../../../src/strategies/defineStrategy.js';

const configOf = (input: SystemConfigInput) => SystemConfigSchema.parse(input);
const strategies = (...entries: { name: string; type: string }[]): SystemConfigInput => ({
  services: { strategy_evaluation: { strategies: entries } },
});

/** A strategy type whose factory throws `error` (a user's module that cannot build its strategy). */
function failingType(type: string, error: unknown): StrategyDefinition<unknown> {
  return defineStrategy({
    type,
    description: 'Cannot be built',
    parameters: z.strictObject({}),
    create: () => {
      throw error;
    },
  }) as StrategyDefinition<unknown>;
}

describe('strategiesConfigCheck', () => {
  it('points an indicator the processor refuses at its entry in indicator_calculation.indicators', () => {
    const config = configOf({
      services: {
        indicator_calculation: {
          indicators: [
            { name: 'ema_fast', type: 'ema', period: 5 },
            { name: 'macd', type: 'macd', fast_period: 26, slow_period: 12, signal_period: 9 },
          ],
        },
      },
    });
    expect(strategiesConfigCheck([])(config)).toEqual([
      {
        path: ['services', 'indicator_calculation', 'indicators', 1],
        value: 'macd',
        expected: 'a valid indicator',
        message: 'indicator "macd": fast_period (26) must be below slow_period (12)',
      },
    ]);
  });

  it("reports a factory that throws as the user's module's mistake, first line of the error only", () => {
    const config = configOf(strategies({ name: 'model', type: 'ml_model' }));
    const findings = strategiesConfigCheck([failingType('ml_model', new Error('no weights\n    at load'))])(
      config,
    );
    expect(findings).toEqual([
      {
        path: ['services', 'strategy_evaluation', 'strategies', 0, 'type'],
        value: 'ml_model',
        expected: 'a factory that returns a strategy',
        message: 'strategy "model": the factory of type "ml_model" threw: no weights',
      },
    ]);
    const thrownString = strategiesConfigCheck([failingType('ml_model', 'weights missing')])(config);
    expect(thrownString[0]?.message).toBe(
      'strategy "model": the factory of type "ml_model" threw: weights missing',
    );
  });

  it('passes the message of a UserError a factory throws, naming the strategy', () => {
    const config = configOf(strategies({ name: 'model', type: 'ml_model' }));
    const findings = strategiesConfigCheck([failingType('ml_model', new UserError('model.json not found'))])(
      config,
    );
    expect(findings).toEqual([
      {
        path: ['services', 'strategy_evaluation', 'strategies', 0, 'type'],
        value: 'ml_model',
        expected: 'a valid strategy',
        message: 'strategy "model": model.json not found',
      },
    ]);
  });

  it('suggests --strategies for an unknown type only when no module was given', () => {
    const config = configOf(strategies({ name: 'mine', type: 'my_type' }));
    expect(strategiesConfigCheck([])(config)[0]?.message).toMatch(
      /a type from your own module needs --strategies FILE$/,
    );
    const withModule = strategiesConfigCheck([failingType('other', new Error('x'))])(config)[0];
    expect(withModule).toMatchObject({ expected: 'a registered type', value: 'my_type' });
    expect(withModule?.message).not.toContain('--strategies');
  });

  it('checks nothing in a process that does not run strategy_evaluation', () => {
    const unknown = strategies({ name: 'mine', type: 'my_type' });
    expect(
      strategiesConfigCheck([])(configOf({ ...unknown, orchestrator: { services: ['data_fetching'] } })),
    ).toEqual([]);
    const disabled = {
      services: { strategy_evaluation: { enabled: false, strategies: [{ name: 'mine', type: 'my_type' }] } },
    };
    expect(strategiesConfigCheck([])(configOf(disabled))).toEqual([]);
  });
});
