import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';

const msft = readFileSync(new URL('../../../examples/data/msft_2000_2001_daily.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n');
/** The first `bars` bars of the MSFT example as a data source. */
const source = (bars: number) =>
  CsvDataSource.fromText(msft.slice(0, bars + 1).join('\n'), 'msft.csv', { symbol: 'MSFT' });
const quiet = { trading: { symbol: 'MSFT' }, logging: { level: 'SILENT' as const } };

describe('runBacktest edges', () => {
  it('warns through onNotice, before it runs, that a stock traded with the FX defaults gives meaningless figures', async () => {
    const notices: string[] = [];
    const result = await runBacktest(quiet, {
      dataSource: source(30),
      onNotice: (line) => notices.push(line),
    });
    expect(notices.filter((line) => line.startsWith('Warning: MSFT trades at'))).toHaveLength(1);
    expect(notices.find((line) => line.startsWith('Warning: '))).toContain(
      'trading.instruments.MSFT.asset_class: stock',
    );
    expect(result.summary.bars).toBe(30);
  });

  it('aborted before it starts: replays nothing, closes nothing and reports the interruption at no bar', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    const result = await runBacktest(
      { ...quiet, trading: { symbol: 'MSFT', instruments: { MSFT: { asset_class: 'stock' } } } },
      { dataSource: source(30), signal: controller.signal },
    );
    expect(result.interrupted).toEqual({ reason: 'SIGINT', at: null, bars: 0 });
    expect(result.trips).toEqual([]);
    expect(result.run.candles).toBe(0);
    expect(result.files).toBeUndefined();
  });
});
