import { SeededRandom } from '../util/random.js';
import { OptimizeInputError } from './optimizeInputError.js';
import type { ParameterRange } from './parameterRange.js';
import type { TrialConstraint } from './trialConstraint.js';

/**
 * One set of parameter values to backtest, numbered in plan order (the order results are reported in,
 * whatever order the workers finish in).
 *
 * @example
 * ```ts
 * const trial: Trial = { id: 0, values: { 'ema_fast.period': 5, 'ema_slow.period': 20 } };
 * ```
 */
export interface Trial {
  id: number;
  values: Record<string, number>;
}

/**
 * The trials of a job: every combination of the ranges (`grid`), or `samples` of them drawn with a seeded
 * generator (`random`: the same seed draws the same trials), keeping those the constraints accept.
 *
 * @example
 * ```ts
 * const trials = planTrials([{ name: 'ema_fast.period', values: [5, 10] }, { name: 'ema_slow.period', values: [20, 30] }], []);
 * trials.length; // 4
 * ```
 */
export function planTrials(
  ranges: readonly ParameterRange[],
  constraints: readonly TrialConstraint[],
  options: { method?: 'grid' | 'random'; samples?: number; seed?: number; maxTrials?: number } = {},
): Trial[] {
  if (ranges.length === 0)
    throw new OptimizeInputError('no --param given: name at least one parameter to tune');
  const total = ranges.reduce((product, range) => product * range.values.length, 1);
  const maxTrials = options.maxTrials ?? 1_000_000;
  if (total > maxTrials && options.method !== 'random') {
    throw new OptimizeInputError(
      `the grid has ${total} combinations (more than ${maxTrials}); narrow the ranges or use --method random --samples N`,
    );
  }
  const combination = (index: number): Record<string, number> => {
    const values: Record<string, number> = {};
    let rest = index;
    for (let position = ranges.length - 1; position >= 0; position--) {
      const range = ranges[position]!;
      values[range.name] = range.values[rest % range.values.length]!;
      rest = Math.floor(rest / range.values.length);
    }
    // Keys in the order the parameters were given.
    return Object.fromEntries(ranges.map((range) => [range.name, values[range.name]!]));
  };
  const accepted = (values: Record<string, number>) =>
    constraints.every((constraint) => constraint.accepts(values));
  let indexes: number[];
  if (options.method === 'random') {
    const samples = options.samples ?? 100;
    if (!Number.isInteger(samples) || samples < 1) {
      throw new OptimizeInputError(`--samples must be a positive integer, got ${samples}`);
    }
    const random = new SeededRandom(options.seed ?? 42);
    const chosen = new Set<number>();
    // Rejection sampling without replacement; bounded so a tight constraint cannot loop forever.
    for (let attempts = 0; chosen.size < Math.min(samples, total) && attempts < samples * 200; attempts++) {
      const index = Math.floor(random.next() * total);
      if (!chosen.has(index) && accepted(combination(index))) chosen.add(index);
    }
    indexes = [...chosen];
  } else {
    indexes = Array.from({ length: total }, (_, index) => index).filter((index) =>
      accepted(combination(index)),
    );
  }
  if (indexes.length === 0) {
    throw new OptimizeInputError(
      `no trial satisfies the constraints (${constraints.map((constraint) => constraint.text).join('; ')}) within the ranges given`,
    );
  }
  return indexes.map((index, id) => ({ id, values: combination(index) }));
}
