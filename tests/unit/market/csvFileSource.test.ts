import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { CsvFileSource } from '../../../src/market/csvFileSource.js';
import { CsvFormatError } from '../../../src/market/csvFormatError.js';
import { parseCsv } from '../../../src/market/parseCsv.js';
import { UnknownSymbolError } from '../../../src/market/unknownSymbolError.js';

const scratch = mkdtempSync(join(tmpdir(), 'csv-file-source-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;

function file(text: string | Buffer): string {
  const path = join(scratch, `bars-${written++}.csv`);
  writeFileSync(path, text);
  return path;
}

function drain(source: CsvFileSource, symbol = 'EURUSD'): Candle[] {
  const candles: Candle[] = [];
  for (let candle = source.next(symbol); candle !== undefined; candle = source.next(symbol))
    candles.push(candle);
  return candles;
}

function minuteRows(count: number, lineBreak: string): string {
  let text = `timestamp,open,high,low,close,volume${lineBreak}`;
  for (let index = 0; index < count; index++) {
    const time = new Date(Date.UTC(2025, 0, 6) + index * 60_000).toISOString();
    const price = (1.1 + (index % 50) / 10_000).toFixed(5);
    text += `${time},${price},${price},${price},${price},${index}${lineBreak}`;
  }
  return text;
}

const daily =
  'timestamp,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2,1,1.8,12\n2024-01-04,1.8,2.2,1.7,2,9\n';

describe('CsvFileSource', () => {
  it.each([
    ['LF line breaks', daily],
    ['CRLF line breaks and no final line break', daily.replaceAll('\n', '\r\n').trimEnd()],
    ['lone CR line breaks', daily.replaceAll('\n', '\r')],
    ['a byte order mark and blank lines', `\uFEFF\n\n${daily.replace('\n2024-01-03', '\n\n2024-01-03')}`],
    ['semicolons and decimal commas', daily.replaceAll(',', ';').replace(';1.5;', ';1,5;')],
  ])('streams the same candles and bar spacing as parseCsv for %s', (_name, text) => {
    const path = file(text);
    const parsed = parseCsv(text, { fileName: path });
    const source = CsvFileSource.open(path);
    expect(drain(source)).toEqual(parsed.candles);
    expect(source.baseTimeframe).toBe(parsed.baseTimeframe);
    expect(source.format).toBe(parsed.format);
    expect(source.bars).toBe(parsed.candles.length);
  });

  it('reads a file of several 1 MB chunks with CRLF line breaks row for row as parseCsv does', () => {
    const text = minuteRows(40_000, '\r\n');
    expect(text.length).toBeGreaterThan(2 << 20);
    const path = file(text);
    const source = CsvFileSource.open(path);
    const candles = drain(source);
    expect(candles).toEqual(parseCsv(text, { fileName: path }).candles);
    expect(source.baseTimeframe).toBe('1');
    expect(source.isExhausted('EURUSD')).toBe(true);
  });

  it('replays a file of more bars than it may hold by reading it again, row for row as parseCsv does', () => {
    const text = minuteRows(1_000, '\n');
    const path = file(text);
    const source = CsvFileSource.open(path, { maxHeldBars: 10 });
    expect(drain(source)).toEqual(parseCsv(text, { fileName: path }).candles);
    expect(source.bars).toBe(1_000);
    expect(source.isExhausted('EURUSD')).toBe(true);
    source.rewind();
    expect(source.next('EURUSD')).toEqual(parseCsv(text, { fileName: path }).candles[0]);
  });

  it('gives a reader that starts after another replayed and released the first held bars the same candles, from the file', () => {
    const text = minuteRows(66_000, '\n');
    const path = file(text);
    const expected = parseCsv(text, { fileName: path }).candles;
    const source = CsvFileSource.open(path);
    const first: Candle[] = [];
    for (let index = 0; index < 65_600; index++) first.push(source.next('A')!);
    const second = drain(source, 'B');
    first.push(...drain(source, 'A'));
    source.rewind('A');
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(source.next('A')).toEqual(expected[0]);
  });

  it('reads intraday rows of every timestamp shape, quoted and odd rows among them, as parseCsv does', () => {
    const rows = [
      'timestamp,open,high,low,close,volume',
      '2025-01-06T00:00:00Z,1.1,1.2,1.0,1.15,10',
      '2025-01-06 00:01,1.1,1.2,1.0,1.15,0',
      '2025-01-06T00:02:00.250Z,+1.1,1.2,1.0,1.15,3.',
      '"2025-01-06T00:03:00Z",1.1,1.2,1.0,1.15,10',
      '2025-01-06T00:04:00Z, 1.1,1.2,1.0,1.15,10',
      '2025-01-06T00:05:00+00:00,1.1,1.2,1.0,1.15,10',
      '2025-01-06T00:06:00Z,1e0,1.2,1.0,1.15,10',
      '',
      '2025-01-07T23:59:59.999,1.1,1.2,1.0,1.15,10,extra,é',
      '1736294400000,.5,1.2,0.25,1.15,10',
    ];
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const text = `\uFEFF${rows.join(lineBreak)}${lineBreak}`;
      const path = file(text);
      const parsed = parseCsv(text, { fileName: path });
      const source = CsvFileSource.open(path, { symbol: 'EURUSD' });
      expect(drain(source)).toEqual(parsed.candles);
      expect(source.bars).toBe(rows.length - 2);
    }
  });

  it('gives bad intraday rows the text reader messages: out of order, invalid times and prices', () => {
    const good = '2025-01-06T00:00:00Z,1.1,1.2,1.0,1.15,10';
    const bad = [
      '2025-01-06T00:00:00Z,1.1,1.2,1.0,1.15,10',
      '2025-01-05T23:00:00Z,1.1,1.2,1.0,1.15,10',
      '2025-01-06T24:00:00Z,1.1,1.2,1.0,1.15,10',
      '2025-02-30T00:00:00Z,1.1,1.2,1.0,1.15,10',
      '2025-01-06T00:01:00Z,1.1,1.0,1.2,1.15,10',
      '2025-01-06T00:02:00Z,1.1,1.2,1.0,1.15,-1',
    ];
    const text = `timestamp,open,high,low,close,volume\n${good}\n${bad.join('\n')}\n2025-01-06T00:03:00Z,1,1,1,1,1\n`;
    const path = file(text);
    const parsed = parseCsv(text, { fileName: path, onBadRow: 'skip' });
    const source = CsvFileSource.open(path, { onBadRow: 'skip' });
    expect(source.skipped).toEqual(parsed.skipped);
    expect(source.skipped.map((row) => row.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(drain(source)).toEqual(parsed.candles);
    expect(() => CsvFileSource.open(path)).toThrow(
      (() => {
        try {
          parseCsv(text, { fileName: path });
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })(),
    );
  });

  it('reads a CRLF line break and a line cut by a chunk boundary', () => {
    const header = 'timestamp,open,high,low,close,volume\r\n';
    const row = (minute: number) =>
      `2025-01-06T00:${String(minute).padStart(2, '0')}:00Z,1.1,1.2,1.0,1.15,${minute}\r\n`;
    // A blank line whose \r is the last byte of the first 1 MB chunk, its \n the first of the next.
    const padding = ' '.repeat((1 << 20) - 1 - header.length);
    const text = `${header}${padding}\r\n${row(0)}${row(1)}`;
    expect(Buffer.from(text)[(1 << 20) - 1]).toBe(13);
    const path = file(text);
    expect(drain(CsvFileSource.open(path))).toEqual(parseCsv(text, { fileName: path }).candles);
    // A row that starts 10 bytes before the end of the first chunk.
    const cut = `${header}${'\n'.repeat((1 << 20) - header.length - 10)}${row(0)}${row(1)}`;
    const cutPath = file(cut);
    expect(drain(CsvFileSource.open(cutPath))).toEqual(parseCsv(cut, { fileName: cutPath }).candles);
  });

  it('decodes a multi-byte character cut by a chunk boundary', () => {
    const header = 'timestamp,open,high,low,close,volume,note\n';
    const first = '2024-01-02,1,2,0.5,1.5,10,';
    const second = '2024-01-03,1.5,2,1,1.8,12,';
    // The first 'é' (two bytes) starts at the last byte of the first 1 MB chunk.
    const padding = 'x'.repeat((1 << 20) - 1 - header.length - first.length - 1 - second.length);
    const text = `${header}${first}${padding}\n${second}éé\n`;
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes[(1 << 20) - 1]).toBe(0xc3);
    const path = file(bytes);
    expect(drain(CsvFileSource.open(path))).toEqual(parseCsv(text, { fileName: path }).candles);
  });

  it('fails on open with the same error, file and line as parseCsv for every bad fixture', () => {
    const directory = join(import.meta.dirname, '../../fixtures/bad/csv');
    const files = readdirSync(directory).filter((name) => name.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) {
      const path = join(directory, name);
      let expected: CsvFormatError | undefined;
      try {
        parseCsv(readFileSync(path, 'utf8'), { fileName: path });
      } catch (error) {
        expected = error as CsvFormatError;
      }
      expect(expected, name).toBeInstanceOf(CsvFormatError);
      expect(() => CsvFileSource.open(path), name).toThrow(expected!.message);
    }
  });

  it('in skip mode leaves out the same rows as parseCsv and lists them with line and reason', () => {
    const text = `${daily.replace('2024-01-03,1.5,2,1,1.8,12', '2024-01-03,1.5,abc,1,1.8,12')}2024-01-04,2,2,2,2,1\n`;
    const path = file(text);
    const parsed = parseCsv(text, { fileName: path, onBadRow: 'skip' });
    const source = CsvFileSource.open(path, { onBadRow: 'skip' });
    expect(source.skipped).toEqual(parsed.skipped);
    expect(source.skipped.map((row) => row.line)).toEqual([3, 5]);
    expect(drain(source)).toEqual(parsed.candles);
  });

  it('replays only the bars from `from` to `to` and tells their count, first and last time', () => {
    const source = CsvFileSource.open(file(daily), { from: '2024-01-03', to: '2024-01-03T23:59:59Z' });
    expect(source.bars).toBe(1);
    expect(source.firstTime).toBe(Date.UTC(2024, 0, 3));
    expect(source.lastTime).toBe(Date.UTC(2024, 0, 3));
    expect(drain(source).map((candle) => candle.close)).toEqual([1.8]);
    expect(source.isExhausted('EURUSD')).toBe(true);
  });

  it('gives each symbol its own cursor, rewinds, and refuses a symbol other than the configured one', () => {
    const path = file(daily);
    const any = CsvFileSource.open(path);
    expect(any.next('A')?.close).toBe(1.5);
    expect(any.next('A')?.close).toBe(1.8);
    expect(any.next('B')?.close).toBe(1.5);
    any.rewind('A');
    expect(any.next('A')?.close).toBe(1.5);
    any.close();
    expect(() => CsvFileSource.open(path, { symbol: 'MSFT' }).next('EURUSD')).toThrow(UnknownSymbolError);
  });
});

describe('CsvFileSource on second bars', () => {
  it('refuses bars usually under a minute apart, naming the line of the first', () => {
    const rows = Array.from(
      { length: 5 },
      (_, index) => `2024-05-01T13:30:0${index}Z,5013,5014.5,5012,5013.75,37`,
    );
    const path = file(`timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
    expect(() => CsvFileSource.open(path)).toThrow(`${path}:3: bars 1 s apart`);
  });
});

describe('CsvFileSource on a file written newest first', () => {
  const newestFirst = (count: number) => {
    const rows = Array.from({ length: count }, (_, index) => {
      const time = new Date(Date.UTC(2025, 0, 6) + (count - 1 - index) * 60_000).toISOString();
      return `${time},1.1,1.2,1.0,1.15,${count - 1 - index}`;
    });
    return file(`timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  };

  it('replays it oldest first, with its first and last time and its spacing', () => {
    const source = CsvFileSource.open(newestFirst(5));
    expect(source.firstTime).toBe(Date.UTC(2025, 0, 6));
    expect(source.lastTime).toBe(Date.UTC(2025, 0, 6) + 4 * 60_000);
    expect(source.baseTimeframe).toBe('1');
    expect(drain(source).map((candle) => candle.volume)).toEqual([0, 1, 2, 3, 4]);
  });

  it('replays the bars of a --from/--to window oldest first', () => {
    const source = CsvFileSource.open(newestFirst(10), {
      from: new Date(Date.UTC(2025, 0, 6, 0, 3)).toISOString(),
      to: new Date(Date.UTC(2025, 0, 6, 0, 5)).toISOString(),
    });
    expect(drain(source).map((candle) => candle.volume)).toEqual([3, 4, 5]);
  });

  it('refuses one longer than the bars it may hold, which it could not replay backwards', () => {
    const path = newestFirst(6);
    expect(() => CsvFileSource.open(path, { maxHeldBars: 4 })).toThrow(
      `${path}:3: the file goes newest first and has more than 4 bars, too many to replay in reverse; sort it oldest first`,
    );
  });
});
