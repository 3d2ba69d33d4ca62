import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../../../src/errors/invalidOptionError.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { StrategyConfigError } from '../../../src/strategies/strategyConfigError.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { checkRunOptions } from '../../../src/system/checkRunOptions.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';

const T0 = Date.parse('2025-01-06T00:00:00Z');
const bars = Array.from({ length: 30 }, (_, index) => ({
  time: T0 + index * 60_000,
  open: 1.1,
  high: 1.1003,
  low: 1.0997,
  close: 1.1,
  volume: 10,
}));
const quiet = { dataSource: new IterableDataSource({ EURUSD: bars }), logger: pino({ level: 'silent' }) };

describe('TradingSystem.run limits a caller can get wrong', () => {
  it.each([
    [
      { maxCandles: Number.NaN },
      'option maxCandles: expected a whole number of at least 0 (or Infinity), got NaN',
    ],
    [
      { maxCandles: '500' },
      'option maxCandles: expected a whole number of at least 0 (or Infinity), got "500"',
    ],
    [{ maxCandles: -5 }, 'got -5'],
    [{ maxCandles: 1.5 }, 'got 1.5'],
    [{ maxDurationSeconds: -1 }, 'option maxDurationSeconds: expected a number of seconds of at least 0'],
  ])(
    '%o is an InvalidOptionError naming the option (NaN used to run until the time limit)',
    (options, message) => {
      expect(() => checkRunOptions(options as never)).toThrow(InvalidOptionError);
      expect(() => checkRunOptions(options as never)).toThrow(message);
    },
  );

  it('accepts the limits a run can mean: whole counts, 0, Infinity, seconds with fractions', () => {
    for (const options of [
      { maxCandles: 500 },
      { maxCandles: 0 },
      { maxCandles: Number.POSITIVE_INFINITY, maxDurationSeconds: Number.POSITIVE_INFINITY },
      { maxDurationSeconds: 0.5 },
      {},
    ])
      expect(checkRunOptions(options)).toBe(options);
  });

  it('run() refuses a NaN maxCandles before trading anything', async () => {
    const system = await createTradingSystem({}, quiet);
    try {
      await expect(system.run({ maxCandles: Number.NaN })).rejects.toThrow(
        'TradingSystem.run: option maxCandles:',
      );
      expect(system.summary().candles).toBe(0);
    } finally {
      await system.stop();
    }
  });
});

describe('strategy definitions a JavaScript caller can get wrong', () => {
  it('createTradingSystem with strategies that are not a list names the option', async () => {
    const breakout = defineStrategy({
      type: 'probe',
      description: 'test',
      parameters: z.strictObject({}),
      create: () => ({ type: 'probe', requiredIndicators: [], evaluate: () => undefined }),
    });
    await expect(createTradingSystem({}, { ...quiet, strategies: breakout as never })).rejects.toThrow(
      'createTradingSystem: option strategies: expected a list of definitions',
    );
  });

  it.each([
    [
      { type: 'probe', description: 'd', parameters: z.strictObject({}), create: 5 },
      '"create" of type "probe" is not a function',
    ],
    [{ type: '', create: () => ({}) }, 'its "type" is not a non-empty string'],
    [
      { type: 'probe', create: () => ({}), parameters: { lookback: 5 } },
      '"parameters" of type "probe" is not a zod schema',
    ],
    [null, 'expected an object made with defineStrategy'],
  ])(
    'registering %o is a StrategyConfigError saying what is wrong, not a TypeError at the first candle',
    (definition, message) => {
      const registry = new StrategyRegistry();
      expect(() => registry.register(definition as never)).toThrow(StrategyConfigError);
      expect(() => registry.register(definition as never)).toThrow(`not a strategy definition: ${message}`);
    },
  );
});
