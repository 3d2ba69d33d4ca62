/**
 * One line of the benchmark table. `ratio` compares `value` with `baseline` measured in the same run
 * (same machine, same moment), which is what makes a target meaningful on shared, noisy machines.
 *
 * @example
 * ```ts
 * const row: BenchRow = { name: 'bus publish, 4 subscribers', value: 9e6, unit: 'events/s',
 *   baseline: 2e7, ratio: 0.45, target: 0.33 };
 * ```
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** The least acceptable ratio (or value, with `targetOn: 'value'`); no target, no verdict. */
  target?: number;
  targetOn?: 'ratio' | 'value';
  /** The target is a ceiling (latencies): the row passes when the measure is at most `target`. */
  lowerIsBetter?: boolean;
}

/** A registered benchmark: a module in `bench/` exports its `run`, and `bench/run.ts` lists it. */
export interface Bench {
  name: string;
  run: () => Promise<BenchRow[]>;
}

/**
 * Times `rounds` runs of `work` after `warmUp` untimed ones and returns the median rate in
 * operations per second; `work` returns how many operations it did.
 *
 * @example
 * ```ts
 * const perSecond = medianRate(() => { for (let i = 0; i < 1e5; i++) publish(); return 1e5; });
 * ```
 */
export function medianRate(work: () => number, rounds = 7, warmUp = 2): number {
  for (let round = 0; round < warmUp; round++) work();
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    const operations = work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(operations / seconds);
  }
  return median(rates);
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
