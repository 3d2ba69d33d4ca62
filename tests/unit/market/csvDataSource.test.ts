import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { DataSourceManager } from '../../../src/market/dataSourceManager.js';
import { UnknownSymbolError } from '../../../src/market/unknownSymbolError.js';

const root = join(import.meta.dirname, '../../..');
const msftFixture = join(root, 'tests/fixtures/market/msft_2000_2001_daily.csv');

describe('CsvDataSource', () => {
  it('loads the MSFT fixture: 249 daily rows from 2000-09-27 to 2001-09-27, detected as generic 1440', async () => {
    const source = await CsvDataSource.fromFile(msftFixture, { symbol: 'MSFT' });
    expect(source.format).toBe('generic');
    expect(source.baseTimeframe).toBe('1440');
    expect(source.skipped).toEqual([]);
    expect(source.candles).toHaveLength(249);
    expect(source.candles[0]).toEqual({
      time: Date.parse('2000-09-27T00:00:00Z'),
      open: 63.4375,
      high: 63.5625,
      low: 59.8125,
      close: 60.625,
      volume: 53077800,
    });
    expect(source.candles.at(-1)!.time).toBe(Date.parse('2001-09-27T00:00:00Z'));
  });

  it('ships the same MSFT file under examples/data for users', () => {
    const example = readFileSync(join(root, 'examples/data/msft_2000_2001_daily.csv'), 'utf8');
    expect(example).toBe(readFileSync(msftFixture, 'utf8'));
  });

  it('replays every bar once, in order, then reports exhaustion', async () => {
    const source = await CsvDataSource.fromFile(msftFixture, { symbol: 'MSFT' });
    const times: number[] = [];
    for (let bar = source.next('MSFT'); bar !== undefined; bar = source.next('MSFT')) times.push(bar.time);
    expect(times).toHaveLength(249);
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
    expect(source.isExhausted('MSFT')).toBe(true);
    expect(source.next('MSFT')).toBeUndefined();
    source.rewind();
    expect(source.isExhausted('MSFT')).toBe(false);
  });

  it('limits the replay to the inclusive from/to window', async () => {
    const source = await CsvDataSource.fromFile(msftFixture, {
      from: '2001-01-01',
      to: '2001-01-31T00:00:00Z',
    });
    expect(source.candles[0]!.time).toBe(Date.parse('2001-01-02T00:00:00Z'));
    expect(source.candles.at(-1)!.time).toBe(Date.parse('2001-01-31T00:00:00Z'));
    expect(source.candles).toHaveLength(21);
  });

  it('throws UnknownSymbolError when asked for a symbol other than the one it was bound to', async () => {
    const source = await CsvDataSource.fromFile(msftFixture, { symbol: 'MSFT' });
    expect(() => source.next('EURUSD')).toThrow(UnknownSymbolError);
    expect(() => source.next('EURUSD')).toThrow(/has no data for symbol "EURUSD" \(it holds: MSFT\)/);
  });

  it('replays the same file independently for each symbol when not bound to one', async () => {
    const source = await CsvDataSource.fromFile(msftFixture);
    source.next('A');
    source.next('A');
    expect(source.next('B')!.time).toBe(Date.parse('2000-09-27T00:00:00Z'));
  });

  it('feeds a DataSourceManager that builds weekly bars from the daily file', async () => {
    const source = await CsvDataSource.fromFile(msftFixture, { symbol: 'MSFT' });
    const manager = new DataSourceManager(source, { timeframes: ['1440', '10080'], baseTimeframe: '1440' });
    while (!manager.isExhausted('MSFT')) await manager.poll('MSFT', 50);
    expect(manager.recentBars('MSFT', '1440', 1000)).toHaveLength(249);
    const weeks = manager.recentBars('MSFT', '10080', 1000);
    expect(weeks.length).toBeGreaterThan(50);
    expect(
      weeks.reduce((sum, bar) => sum + bar.volume, 0) +
        (manager.getStreamData('MSFT', '10080', 0).forming?.volume ?? 0),
    ).toBe(source.candles.reduce((sum, bar) => sum + bar.volume, 0));
  });
});

describe('CsvDataSource on second bars', () => {
  it('refuses bars usually under a minute apart instead of replaying them as daily bars', () => {
    const text = [
      'timestamp,open,high,low,close,volume',
      '2024-05-01T13:30:00Z,5013,5014.5,5012,5013.75,37',
      '2024-05-01T13:30:01Z,5013.5,5013.5,5009,5011,16',
      '2024-05-01T13:30:02Z,5011,5012,5010,5011.25,4',
    ].join('\n');
    expect(() => CsvDataSource.fromText(text, 'es_1s.csv')).toThrow(
      /^es_1s\.csv: bars 1 s apart \(the usual spacing of the file; this one at 2024-05-01T13:30:01\.000Z\)/,
    );
  });

  it('accepts 1-minute bars with an odd pair a few seconds apart', () => {
    const text = [
      'timestamp,open,high,low,close',
      '2024-05-01T13:30:00Z,1,1,1,1',
      '2024-05-01T13:31:00Z,1,1,1,1',
      '2024-05-01T13:32:00Z,1,1,1,1',
      '2024-05-01T13:32:30Z,1,1,1,1',
      '2024-05-01T13:34:00Z,1,1,1,1',
    ].join('\n');
    expect(CsvDataSource.fromText(text, 'odd.csv').baseTimeframe).toBe('1');
  });
});
