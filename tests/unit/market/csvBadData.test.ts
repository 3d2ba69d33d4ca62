import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { CsvFormatError } from '../../../src/market/csvFormatError.js';
import { parseCsv } from '../../../src/market/parseCsv.js';

interface BadCase {
  file: string;
  line: number;
  message: string;
  column?: string;
  value?: string;
}

const directory = join(import.meta.dirname, '../../fixtures/bad/csv');
const cases = JSON.parse(readFileSync(join(directory, 'cases.json'), 'utf8')) as BadCase[];

function parseError(file: string, onBadRow: 'error' | 'skip' = 'error'): CsvFormatError {
  try {
    parseCsv(readFileSync(join(directory, file), 'utf8'), { fileName: file, onBadRow });
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error(`${file} parsed without error`);
}

describe('parseCsv on bad data (tests/fixtures/bad/csv)', () => {
  it('has a case in cases.json for every fixture file', () => {
    const files = readdirSync(directory).filter((name) => name.endsWith('.csv'));
    expect(cases.map((badCase) => badCase.file).sort()).toEqual(files.sort());
  });

  it.each(cases)('rejects $file with a CsvFormatError naming file and line $line', (badCase) => {
    const error = parseError(badCase.file);
    expect(error.name).toBe('CsvFormatError');
    expect(error.message).toContain(badCase.message);
    expect(error.file).toBe(badCase.file);
    expect(error.line).toBe(badCase.line);
    if (badCase.column !== undefined) expect(error.column).toBe(badCase.column);
    if (badCase.value !== undefined) expect(error.value).toBe(badCase.value);
  });

  it('quotes a 10 MB field in at most a few hundred characters, saying how long it was', () => {
    const huge = '9'.repeat(10 * 1024 * 1024);
    for (const row of [`2024-01-02T00:01:00Z,1.1,${huge},1.0,1.1,10`, `${huge}x,1.1,1.2,1.0,1.1,10`]) {
      const text = `timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1.1,1.2,1.0,1.15,10\n${row}\n`;
      let caught: unknown;
      try {
        parseCsv(text, { fileName: 'huge.csv' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CsvFormatError);
      const message = (caught as CsvFormatError).message;
      expect(message.length).toBeLessThan(400);
      expect(message).toMatch(/^huge\.csv:3: /);
      expect(message).toContain(`(${huge.length + (row.startsWith('2024') ? 0 : 1)} characters)`);
    }
  });

  it('accepts decimal prices with an exponent or a leading point, as spreadsheets write them', () => {
    const text = 'timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1.1e0,1.2,.9,1.15,1e3\n';
    expect(parseCsv(text, { fileName: 'ok.csv' }).candles[0]).toMatchObject({
      open: 1.1,
      low: 0.9,
      volume: 1000,
    });
  });

  it('still throws in skip mode for files without a usable header or data', () => {
    for (const file of ['empty_file.csv', 'header_only.csv', 'missing_column_high.csv', 'no_header.csv']) {
      expect(parseError(file, 'skip').line).toBe(1);
    }
  });

  it('skips a bad row in skip mode and reports its line and reason', () => {
    const parsed = parseCsv(readFileSync(join(directory, 'high_below_low.csv'), 'utf8'), {
      fileName: 'high_below_low.csv',
      onBadRow: 'skip',
    });
    expect(parsed.candles).toHaveLength(1);
    expect(parsed.skipped).toEqual([{ line: 3, reason: 'high 1.0 is below low 1.2' }]);
  });

  it('throws when skip mode leaves no valid row, naming the first skipped line', () => {
    const text = 'timestamp,open,high,low,close\nnope,1,2,0,1\n2024-01-01,1,0,2,1\n';
    expect(() => parseCsv(text, { fileName: 'all_bad.csv', onBadRow: 'skip' })).toThrow(
      /all_bad\.csv:2: no valid data rows \(2 skipped; first: column "timestamp" has unparseable date "nope"/,
    );
  });

  it('reports the path it was given when loading through CsvDataSource.fromFile', async () => {
    const path = join(directory, 'high_below_low.csv');
    await expect(CsvDataSource.fromFile(path)).rejects.toThrow(`${path}:3: high 1.0 is below low 1.2`);
  });
});
