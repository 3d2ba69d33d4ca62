import { describe, expect, it } from 'vitest';
import { checkOptimizeOptions } from '../../../src/optimize/checkOptimizeOptions.js';
import { OptimizeInputError } from '../../../src/optimize/optimizeInputError.js';
import type { OptimizeOptions } from '../../../src/optimize/optimizeOptions.js';

const job: OptimizeOptions = { data: 'bars.csv', parameters: ['ema_fast.period=5:30:5'] };

/** The message of the OptimizeInputError `options` (over a valid job) is refused with. */
function refusal(options: Partial<OptimizeOptions> | Record<string, unknown>): string {
  try {
    checkOptimizeOptions({ ...job, ...options } as OptimizeOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(OptimizeInputError);
    expect((error as OptimizeInputError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(options)}`);
}

describe('checkOptimizeOptions', () => {
  it.each([
    [{ workers: 0 }, 'workers (--workers) must be a whole number from 1 to 1024, got 0'],
    [{ workers: 1.5 }, 'workers (--workers) must be a whole number from 1 to 1024, got 1.5'],
    [{ workers: -2 }, 'workers (--workers) must be a whole number from 1 to 1024, got -2'],
    [{ method: 'bayes' }, 'method (--method) must be grid or random, got "bayes"'],
    [{ runtime: 'fibre' }, 'runtime (--runtime) must be thread or process, got "fibre"'],
    [{ method: 'random', samples: 0 }, 'samples (--samples) must be a whole number of at least 1, got 0'],
    [{ method: 'random', seed: -1 }, 'seed (--seed) must be a whole number from 0 to 4294967295, got -1'],
    [{ method: 'random', seed: 2 ** 32 }, 'seed (--seed) must be a whole number from 0 to 4294967295'],
    [{ parameters: 'ema_fast.period=5:30:5' }, 'parameters must be a list such as'],
    [
      { parameters: [{ name: 'ema_fast.period', values: [] }] },
      'parameter ema_fast.period: no values to try',
    ],
    [
      { parameters: [{ name: 'ema_fast.period', values: [5, Number.NaN] }] },
      'parameter ema_fast.period: every value must be a finite number, got NaN',
    ],
  ])('%o is refused, naming the option and the value', (options, message) => {
    expect(refusal(options)).toContain(message);
  });

  it('samples or a seed without method random is refused: a grid would ignore them and run every combination', () => {
    expect(refusal({ samples: 5 })).toBe(
      'samples (--samples) draws a random sample: it needs method random (--method random); a grid runs every combination',
    );
    expect(refusal({ method: 'grid', seed: 7 })).toContain('seed (--seed) draws a random sample');
  });

  it.each(['2001/06/30', 'June 30 2001', '2001-02-30', '2001-06-30 junk'])(
    'trainUntil %s is refused: only a real ISO-8601 date, read the same in every time zone',
    (trainUntil) => {
      expect(refusal({ trainUntil })).toContain(
        `trainUntil (--train-until) must be a real ISO-8601 date or date-time such as 2001-06-30 or 2001-06-30T16:00:00Z, got ${JSON.stringify(trainUntil)}`,
      );
    },
  );

  it('accepts a random job with seed 0, a date-time split and ranges given as objects', () => {
    expect(() =>
      checkOptimizeOptions({
        ...job,
        parameters: [{ name: 'bb.std_dev', values: [1.5, 2, 2.5] }],
        method: 'random',
        samples: 2,
        seed: 0,
        workers: 3,
        runtime: 'process',
        trainUntil: '2001-06-30T16:00:00Z',
      }),
    ).not.toThrow();
  });
});
