import type { PerformanceSummary } from '../backtest/performanceSummary.js';
import { didYouMean } from '../config/didYouMean.js';
import { OptimizeInputError } from './optimizeInputError.js';

/** Short names for the statistics traders optimise most; any other numeric statistic works by its own name. */
const aliases: Record<string, string> = {
  sharpe: 'sharpe_ratio',
  sortino: 'sortino_ratio',
  calmar: 'calmar_ratio',
  return: 'total_return',
  annual_return: 'annualized_return',
  cagr: 'cagr',
  profit: 'net_profit',
  drawdown: 'max_drawdown.fraction',
  max_drawdown: 'max_drawdown.fraction',
};

/** Statistics where less is better. */
const minimised = new Set(['max_drawdown.fraction', 'max_drawdown.amount', 'commissions_paid']);

/**
 * Every numeric statistic of a summary by its dotted name (`total_return`, `max_drawdown.fraction`, ...).
 *
 * @example
 * ```ts
 * flattenStatistics(summary)['max_drawdown.fraction']; // 0.12
 * ```
 */
export function flattenStatistics(summary: object, prefix = ''): Record<string, number | null> {
  const flat: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(summary)) {
    const name = `${prefix}${key}`;
    if (typeof value === 'number') flat[name] = Number.isFinite(value) ? value : null;
    else if (value === null) flat[name] = null;
    else if (typeof value === 'object' && !Array.isArray(value))
      Object.assign(flat, flattenStatistics(value, `${name}.`));
  }
  return flat;
}

/**
 * The statistic a job ranks its trials by, and which way is better.
 *
 * @example
 * ```ts
 * const metric = OptimizationMetric.parse('sharpe', sampleSummary);
 * metric.better(1.2, 0.8); // true
 * ```
 */
export class OptimizationMetric {
  private constructor(
    readonly name: string,
    readonly statistic: string,
    readonly maximise: boolean,
  ) {}

  /** Resolves a metric name against the statistics a backtest reports (`sample`: any summary). */
  static parse(name: string, sample: PerformanceSummary): OptimizationMetric {
    const statistic = aliases[name] ?? name;
    const available = flattenStatistics(sample);
    if (!(statistic in available)) {
      const names = [
        ...Object.keys(aliases).filter((alias) => (aliases[alias] as string) in available),
        ...Object.keys(available),
      ];
      const hint = didYouMean(name, names);
      throw new OptimizeInputError(
        `--metric ${JSON.stringify(name)} is not a statistic${hint ? ` (did you mean "${hint}"?)` : ''}; choose one of: ${[...new Set(names)].join(', ')}`,
      );
    }
    return new OptimizationMetric(name, statistic, !minimised.has(statistic));
  }

  /** The metric's value in a summary; null when the statistic is undefined for it (e.g. Sharpe of one day). */
  valueOf(summary: PerformanceSummary | undefined): number | null {
    if (summary === undefined) return null;
    return flattenStatistics(summary)[this.statistic] ?? null;
  }

  /** Whether `a` ranks before `b` (a missing value ranks last). */
  better(a: number | null, b: number | null): boolean {
    if (a === null) return false;
    if (b === null) return true;
    return this.maximise ? a > b : a < b;
  }
}
