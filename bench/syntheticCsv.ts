import { writeFileSync } from 'node:fs';
import { SyntheticDataSource } from '../src/market/syntheticDataSource.js';

/**
 * Writes `bars` one-minute EURUSD-like bars of the seeded synthetic feed to a CSV `tradestate backtest` and
 * `tradestate optimize` read (timestamp,open,high,low,close,volume).
 *
 * @example
 * ```ts
 * writeSyntheticCsv('/tmp/eurusd.csv', 100_000);
 * ```
 */
export function writeSyntheticCsv(path: string, bars: number, seed = 42): void {
  const source = new SyntheticDataSource({ seed, start: '2024-01-01T00:00:00Z', baseTimeframeMinutes: 1 });
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let index = 0; index < bars; index++) {
    const bar = source.next('EURUSD');
    lines.push(
      `${new Date(bar.time).toISOString()},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

if (process.argv[1]?.endsWith('syntheticCsv.ts')) {
  writeSyntheticCsv(process.argv[2] ?? 'synthetic.csv', Number(process.argv[3] ?? 100_000));
}
