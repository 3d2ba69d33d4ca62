import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/market/parseCsv.js';
import { parseCsvTimestamp } from '../../../src/market/parseCsvTimestamp.js';

const fixtures = join(import.meta.dirname, '../../fixtures/market');
const parseFixture = (file: string, onBadRow: 'error' | 'skip' = 'error') =>
  parseCsv(readFileSync(join(fixtures, file), 'utf8'), { fileName: file, onBadRow });
const utc = (iso: string) => Date.parse(iso);

describe('parseCsv', () => {
  it('reads a file with a UTF-8 BOM, CRLF line ends and a trailing blank line', () => {
    const text = readFileSync(join(fixtures, 'bom_crlf.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    const parsed = parseFixture('bom_crlf.csv');
    expect(parsed.format).toBe('generic');
    expect(parsed.candles).toEqual([
      { time: utc('2024-01-02T00:00:00Z'), open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 10 },
      { time: utc('2024-01-02T00:01:00Z'), open: 1.15, high: 1.25, low: 1.1, close: 1.2, volume: 12 },
    ]);
  });

  it('detects the MT5 tab-separated export, combines <DATE> and <TIME>, and takes <TICKVOL> as volume', () => {
    const parsed = parseFixture('mt5_eurusd_m1.csv');
    expect(parsed.format).toBe('mt5');
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.baseTimeframe).toBe('1');
    expect(parsed.candles).toHaveLength(5);
    expect(parsed.candles[0]).toEqual({
      time: utc('2024-01-02T00:00:00Z'),
      open: 1.10427,
      high: 1.10445,
      low: 1.10405,
      close: 1.1042,
      volume: 120,
    });
    expect(parsed.candles[4]!.time).toBe(utc('2024-01-02T00:04:00Z'));
  });

  it('reads an MT5 daily export without a <TIME> column as daily bars at UTC midnight', () => {
    const parsed = parseFixture('mt5_eurusd_d1_no_time.csv');
    expect(parsed.format).toBe('mt5');
    expect(parsed.baseTimeframe).toBe('1440');
    expect(parsed.candles.map((candle) => candle.time)).toEqual([
      utc('2024-01-02T00:00:00Z'),
      utc('2024-01-03T00:00:00Z'),
      utc('2024-01-04T00:00:00Z'),
    ]);
  });

  it('reads epoch seconds under a "time" column and "tick_volume" as volume', () => {
    const parsed = parseFixture('epoch_seconds.csv');
    expect(parsed.candles.map((candle) => candle.time)).toEqual([
      utc('2024-01-02T00:00:00Z'),
      utc('2024-01-02T00:01:00Z'),
      utc('2024-01-02T00:02:00Z'),
    ]);
    expect(parsed.candles[1]!.volume).toBe(12);
    expect(parsed.baseTimeframe).toBe('1');
  });

  it('reads a Binance kline export: "Open time" in epoch milliseconds is the bar time, 8-decimal volumes', () => {
    const parsed = parseFixture('binance_klines_open_time.csv');
    expect(parsed.baseTimeframe).toBe('1');
    expect(parsed.candles[0]).toEqual({
      time: utc('2024-12-13T00:00:00Z'),
      open: 101234.56,
      high: 101330.12,
      low: 101068.45,
      close: 101140.46,
      volume: 11.4072073,
    });
    expect(parsed.candles[2]!.volume).toBe(0.00001);
  });

  it('reads a Dukascopy "Local time" export (day first, GMT offsets) across a DST change as hourly UTC bars', () => {
    const parsed = parseFixture('dukascopy_local_time_dst.csv');
    expect(parsed.candles.map((candle) => new Date(candle.time).toISOString())).toEqual([
      '2024-03-30T23:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-03-31T02:00:00.000Z',
    ]);
    expect(parsed.baseTimeframe).toBe('60');
  });

  it('reads a file written newest first oldest first, with the spacing of its rows', () => {
    const parsed = parseFixture('newest_first_daily.csv');
    const lines = readFileSync(join(fixtures, 'newest_first_daily.csv'), 'utf8').trim().split('\n');
    expect(parsed.candles).toHaveLength(lines.length - 1);
    expect(parsed.candles[0]!.time).toBe(utc(`${lines[lines.length - 1]!.slice(0, 10)}T00:00:00Z`));
    expect(parsed.candles.at(-1)!.time).toBe(utc(`${lines[1]!.slice(0, 10)}T00:00:00Z`));
    expect(
      parsed.candles.every((candle, index) => index === 0 || candle.time > parsed.candles[index - 1]!.time),
    ).toBe(true);
    expect(parsed.baseTimeframe).toBe('1440');
  });

  it('refuses a newest-first file with one row out of that order, saying the file goes newest first', () => {
    const text = [
      'timestamp,open,high,low,close',
      '2024-01-05,1,1,1,1',
      '2024-01-04,1,1,1,1',
      '2024-01-03,1,1,1,1',
      '2024-01-06,1,1,1,1',
    ].join('\n');
    expect(() => parseCsv(text, { fileName: 'desc.csv' })).toThrow(
      'desc.csv:5: timestamp 2024-01-06T00:00:00.000Z is after 2024-01-03T00:00:00.000Z on line 4; the file goes newest first (as its first rows do), so every row must be older than the one above it',
    );
  });

  it('keeps a quoted field that holds the delimiter whole, and reads an empty volume as 0', () => {
    const parsed = parseFixture('quoted_fields_empty_volume.csv');
    expect(parsed.candles).toEqual([
      { time: utc('2024-01-02T00:00:00Z'), open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 0 },
      { time: utc('2024-01-03T00:00:00Z'), open: 1.15, high: 1.25, low: 1.1, close: 1.2, volume: 12 },
    ]);
  });

  it('reads epoch milliseconds and "vol" as volume, inferring 5-minute bars', () => {
    const parsed = parseFixture('epoch_milliseconds.csv');
    expect(parsed.candles[0]!.time).toBe(utc('2024-01-02T00:00:00Z'));
    expect(parsed.candles[2]!.volume).toBe(9);
    expect(parsed.baseTimeframe).toBe('5');
  });

  it('maps Yahoo-style "Date" and "Volume" headers case-insensitively and ignores "Adj Close"', () => {
    const parsed = parseFixture('yahoo_aliases.csv');
    expect(parsed.candles[0]).toEqual({
      time: utc('2024-01-02T00:00:00Z'),
      open: 187.15,
      high: 188.44,
      low: 183.89,
      close: 185.64,
      volume: 82488700,
    });
  });

  it('detects semicolons with decimal commas, joins split date and time columns, and defaults volume to 0', () => {
    const parsed = parseFixture('semicolon_split_date_time.csv');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.baseTimeframe).toBe('60');
    expect(parsed.candles[1]).toEqual({
      time: utc('2024-01-02T11:00:00Z'),
      open: 1.102,
      high: 1.106,
      low: 1.101,
      close: 1.1055,
      volume: 0,
    });
  });

  it('skips each kind of bad row in skip mode and lists line and reason for each', () => {
    const parsed = parseFixture('skip_mode.csv', 'skip');
    expect(parsed.candles.map((candle) => candle.time)).toEqual([
      utc('2024-01-02T00:00:00Z'),
      utc('2024-01-02T00:03:00Z'),
      utc('2024-01-02T00:04:00Z'),
    ]);
    expect(parsed.skipped.map((row) => row.line)).toEqual([3, 4, 6, 7]);
    expect(parsed.skipped[0]!.reason).toBe('high 1.10 is below low 1.12');
    expect(parsed.skipped[1]!.reason).toContain('non-numeric value "abc"');
    expect(parsed.skipped[2]!.reason).toContain('is before 2024-01-02T00:03:00.000Z on line 5');
    expect(parsed.skipped[3]!.reason).toContain('unparseable date "not-a-date"');
  });

  it('stops at the first bad row in error mode', () => {
    expect(() => parseFixture('skip_mode.csv')).toThrow('skip_mode.csv:3: high 1.10 is below low 1.12');
  });

  it('infers the base timeframe from the median spacing, not the mean, so weekend gaps do not skew it', () => {
    const rows = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'];
    const text = `date,open,high,low,close\n${rows.map((date) => `${date},1,2,0.5,1.5`).join('\n')}\n`;
    expect(parseCsv(text, { fileName: 'days.csv' }).baseTimeframe).toBe('1440');
  });

  it('strips quotes around header names and values', () => {
    const text = '"timestamp","open","high","low","close"\n"2024-01-02 10:00","1","2","0.5","1.5"\n';
    expect(parseCsv(text, { fileName: 'quoted.csv' }).candles[0]).toMatchObject({
      time: utc('2024-01-02T10:00:00Z'),
      high: 2,
    });
  });
});

describe('parseCsvTimestamp', () => {
  it.each([
    ['2024-01-02', '2024-01-02T00:00:00Z'],
    ['2024-01-02T10:30:00Z', '2024-01-02T10:30:00Z'],
    ['2024-01-02 10:30', '2024-01-02T10:30:00Z'],
    ['2024-01-02T10:30:00.250Z', '2024-01-02T10:30:00.250Z'],
    ['2024-01-02T12:30:00+02:00', '2024-01-02T10:30:00Z'],
    ['2024-01-02T05:30:00-0500', '2024-01-02T10:30:00Z'],
    ['2024.01.02 10:30:00', '2024-01-02T10:30:00Z'],
    ['20240102', '2024-01-02T00:00:00Z'],
    ['1704191400', '2024-01-02T10:30:00Z'],
    ['1704191400000', '2024-01-02T10:30:00Z'],
    ['1704191400000000', '2024-01-02T10:30:00Z'],
    ['02.01.2024 10:30:00.000', '2024-01-02T10:30:00Z'],
    ['02.01.2024', '2024-01-02T00:00:00Z'],
    ['02.01.2024 12:30:00.000 GMT+0200', '2024-01-02T10:30:00Z'],
    ['2024-01-02 05:30:00 GMT-0500', '2024-01-02T10:30:00Z'],
    ['2024-01-02 12:30 UTC+2', '2024-01-02T10:30:00Z'],
    ['2024-01-02 10:30:00 GMT', '2024-01-02T10:30:00Z'],
    ['2024-01-02T16:00:00+05:30', '2024-01-02T10:30:00Z'],
  ])('reads %s as %s (UTC when no offset is given)', (text, iso) => {
    expect(parseCsvTimestamp(text)).toBe(Date.parse(iso));
  });

  it.each([
    '01/02/2024',
    '2024-13-01',
    '2023-02-29',
    '2024-01-02T24:00',
    'yesterday',
    '',
    '31.02.2024',
    '13.13.2024',
    '02.01.24',
    '02-01-2024',
  ])('rejects %j', (text) => {
    expect(parseCsvTimestamp(text)).toBeUndefined();
  });
});
