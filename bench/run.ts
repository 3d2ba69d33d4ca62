import { pathToFileURL } from 'node:url';
import type { Bench, BenchRow } from './benchRow.js';

/**
 * Every benchmark `npm run bench` runs. To add one, write `bench/<name>Bench.ts` exporting an
 * `async function bench<Name>(): Promise<BenchRow[]>` and list it here. Modules are imported when their
 * bench runs, after `--quick` has set the sizes they read at load (`BENCH_BARS`).
 */
export const benches: Bench[] = [
  { name: 'event bus', run: async () => (await import('./busBench.js')).benchBus() },
  { name: 'nats', run: async () => (await import('./natsBench.js')).benchNats() },
  { name: 'pipeline', run: async () => (await import('./pipelineBench.js')).benchPipeline() },
  { name: 'cross-process', run: async () => (await import('./crossProcessBench.js')).benchCrossProcess() },
  { name: 'logging', run: async () => (await import('./loggingBench.js')).benchLogging() },
  { name: 'backtest', run: async () => (await import('./backtestBench.js')).benchBacktest() },
  { name: 'optimize', run: async () => (await import('./optimizeBench.js')).benchOptimize() },
];

/** Whether a row meets its target; undefined when it has none. */
export function passes(row: BenchRow): boolean | undefined {
  if (row.target === undefined) return undefined;
  const measured = row.targetOn === 'value' ? row.value : row.ratio;
  if (measured === undefined) return false;
  return row.lowerIsBetter ? measured <= row.target : measured >= row.target;
}

/**
 * The rows as a markdown table: name, value, unit, baseline, ratio, target, pass/fail.
 *
 * @example
 * ```ts
 * console.log(formatTable(await benchBus()));
 * ```
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| name | value | unit | baseline | ratio | target | result |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const verdict = passes(row);
    const target =
      row.target === undefined
        ? ''
        : `${row.lowerIsBetter ? '≤' : '≥'} ${row.targetOn === 'value' ? `${formatNumber(row.target)} ${row.unit}` : row.target}`;
    lines.push(
      `| ${row.name} | ${formatNumber(row.value)} | ${row.unit} | ${row.baseline === undefined ? '' : formatNumber(row.baseline)} | ${row.ratio === undefined ? '' : row.ratio.toFixed(2)} | ${target} | ${verdict === undefined ? '' : verdict ? 'pass' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}

function formatNumber(value: number): string {
  // Small figures (megabytes, milliseconds) keep a decimal; rates are whole numbers.
  if (Math.abs(value) < 100 && !Number.isInteger(value)) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/** Runs the benches whose name contains one of `filters` (all when none), printing one table. */
async function main(filters: string[]): Promise<void> {
  // `--quick`: every long run at 100,000 bars instead of a million (about a minute in all).
  if (process.argv.includes('--quick')) process.env.BENCH_BARS ??= '100000';
  const selected = benches.filter(
    (bench) => filters.length === 0 || filters.some((filter) => bench.name.includes(filter)),
  );
  const rows: BenchRow[] = [];
  for (const bench of selected) {
    process.stderr.write(`running ${bench.name}...\n`);
    rows.push(...(await bench.run()));
  }
  console.log(formatTable(rows));
  // A miss is reported, not fatal: shared machines are noisy. `--strict` makes it fail the process.
  if (process.argv.includes('--strict') && rows.some((row) => passes(row) === false)) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2).filter((argument) => !argument.startsWith('--')));
}
