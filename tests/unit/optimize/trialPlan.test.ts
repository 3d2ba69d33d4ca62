import { describe, expect, it } from 'vitest';
import { TrialConstraint } from '../../../src/optimize/trialConstraint.js';
import { planTrials } from '../../../src/optimize/trialPlan.js';

const ranges = [
  { name: 'fast', values: [5, 10, 15] },
  { name: 'slow', values: [10, 20] },
];

describe('planTrials', () => {
  it('a grid holds every combination, numbered in order, the first parameter varying slowest', () => {
    expect(planTrials(ranges, []).map((trial) => [trial.id, trial.values.fast, trial.values.slow])).toEqual([
      [0, 5, 10],
      [1, 5, 20],
      [2, 10, 10],
      [3, 10, 20],
      [4, 15, 10],
      [5, 15, 20],
    ]);
  });

  it('a constraint removes the combinations it refuses', () => {
    const constraint = TrialConstraint.parse('fast < slow', ['fast', 'slow']);
    expect(planTrials(ranges, [constraint]).map((trial) => trial.values)).toEqual([
      { fast: 5, slow: 10 },
      { fast: 5, slow: 20 },
      { fast: 10, slow: 20 },
      { fast: 15, slow: 20 },
    ]);
  });

  it('random sampling with the same seed draws the same trials, without repeats', () => {
    const big = [
      { name: 'a', values: Array.from({ length: 20 }, (_, index) => index) },
      { name: 'b', values: Array.from({ length: 20 }, (_, index) => index) },
    ];
    const first = planTrials(big, [], { method: 'random', samples: 30, seed: 7 });
    const second = planTrials(big, [], { method: 'random', samples: 30, seed: 7 });
    const other = planTrials(big, [], { method: 'random', samples: 30, seed: 8 });
    expect(first).toEqual(second);
    expect(first).not.toEqual(other);
    expect(new Set(first.map((trial) => `${trial.values.a}/${trial.values.b}`)).size).toBe(30);
  });

  it('a constraint that excludes everything is an error naming it', () => {
    const constraint = TrialConstraint.parse('fast > 100', ['fast', 'slow']);
    expect(() => planTrials(ranges, [constraint])).toThrow(
      /no trial satisfies the constraints \(fast > 100\)/,
    );
  });

  it('an oversized grid is refused with the way out', () => {
    const huge = [
      { name: 'a', values: Array.from({ length: 2_000 }, (_, index) => index) },
      { name: 'b', values: Array.from({ length: 2_000 }, (_, index) => index) },
    ];
    expect(() => planTrials(huge, [])).toThrow(/--method random --samples N/);
  });
});

describe('TrialConstraint', () => {
  it('compares parameters with numbers and joins comparisons with "and"', () => {
    const constraint = TrialConstraint.parse('fast < slow and slow <= 20 && fast != 10', ['fast', 'slow']);
    expect(constraint.accepts({ fast: 5, slow: 20 })).toBe(true);
    expect(constraint.accepts({ fast: 10, slow: 20 })).toBe(false);
    expect(constraint.accepts({ fast: 5, slow: 30 })).toBe(false);
  });

  it('a name that is not tuned is refused, listing the tuned ones', () => {
    expect(() => TrialConstraint.parse('fast < slowest', ['fast', 'slow'])).toThrow(
      /"slowest" is not a tuned parameter; tuned: fast, slow/,
    );
  });

  it('a misspelt parameter name suggests the tuned one it resembles', () => {
    expect(() => TrialConstraint.parse('ema_fst.period < 5', ['ema_fast.period', 'ema_slow.period'])).toThrow(
      /"ema_fst.period" is not a tuned parameter \(did you mean "ema_fast.period"\?\); tuned:/,
    );
  });

  it('a malformed comparison is refused with the expected form', () => {
    expect(() => TrialConstraint.parse('fast <> slow', ['fast', 'slow'])).toThrow(
      /expected comparisons like/,
    );
  });
});
