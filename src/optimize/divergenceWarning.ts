import type { OptimizationMetric } from './optimizationMetric.js';

/**
 * Whether a metric did much worse out of sample than in sample: a gain (a maximised metric above zero) that
 * falls below half, or a loss (a maximised metric below zero, or any minimised one such as drawdown) that
 * grows to more than twice its size. Comparing by ratio alone would say nothing when the in-sample figure is
 * negative (-0.5 in sample, -3 out of sample is half of nothing); the size of the loss is what changes.
 * Unknown values and an in-sample figure of exactly zero (no scale to compare against) never diverge.
 *
 * @example
 * ```ts
 * metricDiverges(1.2, 0.4, true); // true: less than half the gain
 * metricDiverges(-0.5, -3, true); // true: the loss is six times as large
 * metricDiverges(-0.5, -0.7, true); // false
 * metricDiverges(10, 25, false); // true: drawdown more than doubled
 * ```
 */
export function metricDiverges(
  inSample: number | null | undefined,
  outOfSample: number | null | undefined,
  maximise: boolean,
): boolean {
  if (typeof inSample !== 'number' || typeof outOfSample !== 'number' || inSample === 0) return false;
  // As a gain: bigger is better. A minimised metric is a cost, a loss of its own size.
  const gainIn = maximise ? inSample : -inSample;
  const gainOut = maximise ? outOfSample : -outOfSample;
  const shortfall = gainIn - gainOut;
  return gainIn > 0 ? shortfall > gainIn / 2 : shortfall > -gainIn;
}

/**
 * A warning when what won in sample does much worse out of sample (see {@link metricDiverges}): for more
 * than half of the walk-forward folds' winners, or more than half of the top trials (in-sample and
 * out-of-sample means over the folds).
 *
 * @example
 * ```ts
 * const warning = divergenceWarning(ranking.slice(0, 5), folds, metric);
 * if (warning) console.warn(warning);
 * ```
 */
export function divergenceWarning(
  top: ReadonlyArray<{ inSample?: number | null; outOfSample?: number | null }>,
  folds: ReadonlyArray<{ inSample: number | null; outOfSample: number | null }>,
  metric: Pick<OptimizationMetric, 'name' | 'maximise'>,
): string | undefined {
  const diverging = (pair: { inSample?: number | null; outOfSample?: number | null }) =>
    metricDiverges(pair.inSample, pair.outOfSample, metric.maximise);
  const foldsDiverging = folds.filter(diverging).length;
  const topDiverging = top.filter(diverging).length;
  if (foldsDiverging * 2 > folds.length || (top.length > 0 && topDiverging * 2 > top.length)) {
    return `in-sample and out-of-sample ${metric.name} diverge (${foldsDiverging} of ${folds.length} folds, ${topDiverging} of the top ${top.length} trials keep less than half their in-sample gain or more than double their loss out of sample): the best parameters are likely overfitted to the training data`;
  }
  return undefined;
}
