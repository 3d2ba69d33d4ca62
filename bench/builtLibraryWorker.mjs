// The library run of backtestWorker.ts (`kind: 'library'`) on the built JavaScript in dist/, as an
// installed package runs it: the baseline of the installed CLI, so both sides load compiled modules
// (under tsx each module is transpiled at start-up, which neither a user's program nor the CLI pays).
// `node bench/builtLibraryWorker.mjs '<scenario JSON>'` prints the same JSON line as backtestWorker.ts.
import { join } from 'node:path';
import { runBacktest } from '../dist/backtest/runBacktest.js';
import { CsvFileSource } from '../dist/market/csvFileSource.js';

const scenario = JSON.parse(process.argv[2] ?? '{}');
const startCpu = process.cpuUsage();
const start = process.hrtime.bigint();
const result = await runBacktest(
  {
    logging: { level: scenario.level ?? 'INFO' },
    trading: { max_candles: 1e9, max_duration_seconds: 1e6 },
  },
  {
    dataSource: CsvFileSource.open(scenario.data ?? '', { symbol: 'EURUSD' }),
    outDirectory: join(scenario.directory, 'out'),
  },
);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(startCpu);
const processCpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    bars: result.summary.bars,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: (processCpu.user + processCpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
