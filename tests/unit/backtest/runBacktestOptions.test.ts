import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import { FileAccessError } from '../../../src/errors/fileAccessError.js';
import { InvalidOptionError } from '../../../src/errors/invalidOptionError.js';
import { UserError } from '../../../src/errors/userError.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';

const msftPath = new URL('../../../examples/data/msft_2000_2001_daily.csv', import.meta.url);
const msft = readFileSync(msftPath, 'utf8').trim().split('\n');
const source = () => CsvDataSource.fromText(msft.slice(0, 31).join('\n'), 'msft.csv', { symbol: 'MSFT' });
const quiet = {
  trading: { symbol: 'MSFT', instruments: { MSFT: { asset_class: 'stock' as const } } },
  logging: { level: 'SILENT' as const },
};
const scratch = mkdtempSync(join(tmpdir(), 'tradestate-backtest-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `runBacktest` rejects with, and how many bars it replayed before (counted by onProgress). */
async function rejection(options: Record<string, unknown>): Promise<{ error: unknown; bars: number }> {
  let bars = 0;
  const error = await runBacktest(quiet, {
    onProgress: (count: number) => (bars = count),
    ...options,
  } as never).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, bars };
}

describe('runBacktest options a caller can get wrong', () => {
  it.each([
    ['no dataSource', {}, 'got undefined'],
    ['a null dataSource', { dataSource: null }, 'got null'],
    ['a file path as dataSource', { dataSource: 'msft.csv' }, 'got string'],
  ])(
    '%s is an InvalidOptionError naming dataSource, not a TypeError from deep inside',
    async (_name, options, got) => {
      const { error } = await rejection(options);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toBeInstanceOf(UserError);
      expect((error as InvalidOptionError).option).toBe('dataSource');
      expect((error as Error).message).toMatch(/^runBacktest: option dataSource: expected a DataSource/);
      expect((error as Error).message).toContain(got);
    },
  );

  it('an outDirectory that is a file is refused before any bar runs, the file untouched', async () => {
    const file = join(scratch, 'results.txt');
    writeFileSync(file, 'keep me');
    const { error, bars } = await rejection({ dataSource: source(), outDirectory: file });
    expect(error).toBeInstanceOf(FileAccessError);
    expect((error as Error).message).toBe(`outDirectory ${file}: expected a directory, got a file: ${file}`);
    expect(bars).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('an outDirectory under /proc is refused at once instead of hanging in a recursive mkdir', async () => {
    const { error, bars } = await rejection({
      dataSource: source(),
      outDirectory: '/proc/self/reports/msft',
    });
    expect(error).toBeInstanceOf(FileAccessError);
    expect((error as Error).message).toContain('it is on a system file system');
    expect(bars).toBe(0);
  });

  it('a usable outDirectory still receives the four report files', async () => {
    const out = join(scratch, 'new', 'msft');
    const result = await runBacktest(quiet, { dataSource: source(), outDirectory: out });
    for (const file of ['report.json', 'trades.csv', 'equity.csv', 'report.html'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(result.summary.bars).toBe(30);
  });
});

describe('CsvDataSource.fromFile with a path that cannot be read', () => {
  it.each([
    ['a directory', () => scratch, 'expected a file, got a directory'],
    ['a missing file', () => join(scratch, 'nope.csv'), 'file not found'],
  ])(
    '%s is a FileAccessError naming the data file, not a bare ENOENT/EISDIR',
    async (_name, path, reason) => {
      const error = await CsvDataSource.fromFile(path(), { symbol: 'MSFT' }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(FileAccessError);
      expect((error as FileAccessError).option).toBe('data file');
      expect((error as Error).message).toMatch(new RegExp(`^data file ${path()}: ${reason}`));
    },
  );
});
