import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { Candle } from '../../../src/events/candle.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';

function syntheticBars(count: number): Candle[] {
  const source = new SyntheticDataSource({ seed: 7, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
  return Array.from({ length: count }, () => source.next('EURUSD') as Candle);
}

describe('runBacktest with an abort signal', () => {
  const bars = syntheticBars(4_000);
  const config = configFromObject({ logging: { level: 'SILENT' } });
  const sourceOf = () => new IterableDataSource({ EURUSD: bars });

  it('aborted at bar 1,500: stops after that bar, reports it as interrupted, and keeps the trades of the uninterrupted run up to there', async () => {
    const full = await runBacktest(config, { dataSource: sourceOf() });
    const interrupt = new AbortController();
    const outDirectory = mkdtempSync(join(tmpdir(), 'tradestate-backtest-abort-'));
    const cut = await runBacktest(config, {
      dataSource: sourceOf(),
      outDirectory,
      signal: interrupt.signal,
      onProgress: (count) => {
        if (count === 1_500) interrupt.abort('SIGINT');
      },
    });
    const at = new Date(bars[1_499]!.time).toISOString();
    expect(full.interrupted).toBeUndefined();
    expect(cut.interrupted).toEqual({ reason: 'SIGINT', at, bars: 1_500 });
    expect(cut.summary.bars).toBe(1_500);
    expect(JSON.parse(readFileSync(cut.files!.json, 'utf8')).interrupted).toEqual(cut.interrupted);
    // Nothing is closed at the bar of the interruption: the trips are those the full run closed by then.
    expect(cut.trips.length).toBeGreaterThan(0);
    expect(cut.trips).toEqual(full.trips.filter((trip) => trip.exit_time <= bars[1_499]!.time));
  });
});
