import { join } from 'node:path';
import { runBacktest } from '../src/backtest/runBacktest.js';
import { main } from '../src/cli/main.js';
import { CsvFileSource } from '../src/market/csvFileSource.js';
import { LimitedSyntheticSource } from './syntheticCsv.js';

/**
 * One benchmarked backtest in a fresh process (run by backtestBench.ts), so that peak RSS and the JIT
 * start from zero for each: `node --import tsx bench/backtestWorker.ts '<scenario JSON>'`. Prints one
 * JSON line: bars, seconds and CPU seconds of the run itself (start-up excluded) and of the whole process,
 * peak RSS.
 */
interface Scenario {
  kind: 'cli' | 'library' | 'synthetic';
  /** CSV file (cli, library) */
  data?: string;
  /** Bars of the synthetic feed (synthetic). */
  bars?: number;
  level?: 'INFO' | 'SILENT';
  /** Scratch directory: the CLI's working directory (default config, default store), the reports. */
  directory: string;
}

const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario;
const discard = { write: () => true };
const startCpu = process.cpuUsage();
const start = process.hrtime.bigint();
let bars = 0;
if (scenario.kind === 'cli') {
  // `tradestate backtest` as a user runs it: default config, default (durable) store, INFO logs.
  process.chdir(scenario.directory);
  const code = await main(
    ['backtest', '--data', scenario.data ?? '', '--out', join(scenario.directory, 'out')],
    {
      stdout: discard,
      stderr: discard,
      env: process.env,
      cwd: scenario.directory,
    },
  );
  if (code !== 0) throw new Error(`tradestate backtest exited ${code}`);
} else {
  const dataSource =
    scenario.kind === 'library'
      ? CsvFileSource.open(scenario.data ?? '', { symbol: 'EURUSD' })
      : new LimitedSyntheticSource(scenario.bars ?? 0);
  const result = await runBacktest(
    {
      logging: { level: scenario.level ?? 'INFO' },
      trading: { max_candles: 1e9, max_duration_seconds: 1e6 },
    },
    { dataSource, outDirectory: join(scenario.directory, 'out') },
  );
  bars = result.summary.bars;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(startCpu);
const processCpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    bars,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: (processCpu.user + processCpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
