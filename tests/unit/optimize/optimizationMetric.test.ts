import { describe, expect, it } from 'vitest';
import type { PerformanceSummary } from '../../../src/backtest/performanceSummary.js';
import { flattenStatistics, OptimizationMetric } from '../../../src/optimize/optimizationMetric.js';
import { OptimizeInputError } from '../../../src/optimize/optimizeInputError.js';

/** The statistics the metric reads; the rest of a summary does not matter to it. */
const summary = (fields: Record<string, unknown>) => fields as unknown as PerformanceSummary;
const sample = summary({
  total_return: 0.12,
  sharpe_ratio: 1.1,
  sortino_ratio: Number.NaN,
  net_profit: 1200,
  commissions_paid: 30,
  max_drawdown: { fraction: 0.08, amount: 800 },
  trades: [1, 2],
  currency: 'USD',
});

describe('flattenStatistics', () => {
  it('names nested statistics by dotted path, turns non-finite numbers into null and skips arrays and text', () => {
    expect(flattenStatistics({ ...sample, calmar_ratio: null })).toEqual({
      total_return: 0.12,
      sharpe_ratio: 1.1,
      sortino_ratio: null,
      net_profit: 1200,
      commissions_paid: 30,
      'max_drawdown.fraction': 0.08,
      'max_drawdown.amount': 800,
      calmar_ratio: null,
    });
  });
});

describe('OptimizationMetric', () => {
  it('resolves the alias "drawdown" to max_drawdown.fraction and ranks the smaller drawdown first', () => {
    const metric = OptimizationMetric.parse('drawdown', sample);
    expect(metric.statistic).toBe('max_drawdown.fraction');
    expect(metric.maximise).toBe(false);
    expect(metric.better(0.05, 0.1)).toBe(true);
    expect(metric.better(0.1, 0.05)).toBe(false);
  });

  it('ranks the larger Sharpe first when the alias "sharpe" is used', () => {
    const metric = OptimizationMetric.parse('sharpe', sample);
    expect(metric.statistic).toBe('sharpe_ratio');
    expect(metric.better(1.2, 0.8)).toBe(true);
    expect(metric.better(0.8, 1.2)).toBe(false);
  });

  it('accepts any numeric statistic by its own dotted name', () => {
    const metric = OptimizationMetric.parse('max_drawdown.amount', sample);
    expect(metric.maximise).toBe(false);
    expect(metric.valueOf(sample)).toBe(800);
  });

  it('ranks a trial without a value last, whichever way the metric points', () => {
    const metric = OptimizationMetric.parse('profit', sample);
    expect(metric.better(null, -1000)).toBe(false);
    expect(metric.better(-1000, null)).toBe(true);
    expect(metric.better(null, null)).toBe(false);
  });

  it('reads null for a failed trial (no summary) and for an undefined statistic (NaN Sortino)', () => {
    expect(OptimizationMetric.parse('profit', sample).valueOf(undefined)).toBeNull();
    expect(OptimizationMetric.parse('sortino', sample).valueOf(sample)).toBeNull();
  });

  it('rejects an unknown metric with an OptimizeInputError naming --metric and the choices', () => {
    let caught: unknown;
    try {
      OptimizationMetric.parse('sharp', sample);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OptimizeInputError);
    const message = (caught as Error).message;
    expect(message).toContain(
      '--metric "sharp" is not a statistic (did you mean "sharpe"?); choose one of: ',
    );
    expect(message).toContain('sharpe');
    expect(message).toContain('max_drawdown.fraction');
    // An alias whose statistic this summary lacks (calmar) is not offered.
    expect(message).not.toContain('calmar');
  });
});
