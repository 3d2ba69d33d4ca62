import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Candle } from '../src/events/candle.js';
import type { DataSource } from '../src/market/dataSource.js';
import { SyntheticDataSource } from '../src/market/syntheticDataSource.js';

/** The synthetic feed's bars (seed 42, EURUSD, one-minute), `bars` of them, then exhausted. */
export class LimitedSyntheticSource implements DataSource {
  readonly name = 'synthetic (limited)';
  readonly baseTimeframe = '1';
  private readonly source = new SyntheticDataSource({
    seed: 42,
    start: '2025-01-06T00:00:00Z',
    baseTimeframeMinutes: 1,
  });
  private served = 0;

  constructor(private readonly bars: number) {}

  next(symbol: string): Candle | undefined {
    if (this.served >= this.bars) return undefined;
    this.served++;
    return this.source.next(symbol);
  }

  isExhausted(): boolean {
    return this.served >= this.bars;
  }
}

/**
 * Writes `bars` one-minute EURUSD bars of the synthetic feed to `path` as a CSV file
 * (`timestamp,open,high,low,close,volume`), the input of the CLI benchmarks.
 *
 * @example
 * ```ts
 * writeSyntheticCsv('/tmp/eurusd-100k.csv', 100_000);
 * ```
 */
export function writeSyntheticCsv(path: string, bars: number): void {
  const source = new LimitedSyntheticSource(bars);
  const descriptor = openSync(path, 'w');
  try {
    writeSync(descriptor, 'timestamp,open,high,low,close,volume\n');
    let chunk = '';
    for (let bar = source.next('EURUSD'); bar !== undefined; bar = source.next('EURUSD')) {
      chunk += `${new Date(bar.time).toISOString()},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(descriptor, chunk);
        chunk = '';
      }
    }
    writeSync(descriptor, chunk);
  } finally {
    closeSync(descriptor);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `node --import tsx bench/syntheticCsv.ts out.csv 50000`: a data file to try the CLI on.
  const [path, bars] = process.argv.slice(2);
  if (path === undefined || !/^\d+$/.test(bars ?? '')) {
    console.error('usage: node --import tsx bench/syntheticCsv.ts FILE.csv BARS');
    process.exitCode = 2;
  } else writeSyntheticCsv(path, Number(bars));
}
