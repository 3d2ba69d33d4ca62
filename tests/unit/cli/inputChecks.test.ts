import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagValue } from '../../../src/cli/flagValue.js';
import { UsageError } from '../../../src/errors/usageError.js';
import {
  inputFileProblem,
  outputDirectoryProblem,
  writableFileProblem,
} from '../../../src/util/pathProblems.js';

const scratch = mkdtempSync(join(tmpdir(), 'tradestate-paths-'));
const file = join(scratch, 'bars.csv');
writeFileSync(file, 'timestamp,open,high,low,close\n');
mkdirSync(join(scratch, 'dir'));

describe('path checks, made before anything is opened', () => {
  it('accepts a readable file as input and names what else was given', () => {
    expect(inputFileProblem(file)).toBeUndefined();
    expect(inputFileProblem(scratch)).toBe(`expected a file, got a directory: ${scratch}`);
    expect(inputFileProblem(join(scratch, 'nope.csv'))).toBe(`file not found: ${join(scratch, 'nope.csv')}`);
    expect(inputFileProblem('/dev/null')).toContain('expected a regular file, got a device, pipe or socket');
  });

  it('accepts a new file in a writable directory, or an existing writable file, as a store or log', () => {
    expect(writableFileProblem(join(scratch, 'new', 'deeper', 'store.db'))).toBeUndefined();
    expect(writableFileProblem(file)).toBeUndefined();
  });

  it('refuses a store or log path that is a directory, runs through a file, or lies on /proc', () => {
    expect(writableFileProblem(join(scratch, 'dir'))).toBe(
      `expected a file, got a directory: ${join(scratch, 'dir')}`,
    );
    expect(writableFileProblem(join(file, 'x', 'store.db'))).toBe(
      `a part of the path is not a directory: ${file}`,
    );
    expect(writableFileProblem('/proc/self/tradestate/store.db')).toContain('on a system file system');
  });

  it('accepts an existing or creatable output directory and refuses a file in its place', () => {
    expect(outputDirectoryProblem(join(scratch, 'dir'))).toBeUndefined();
    expect(outputDirectoryProblem(join(scratch, 'results', 'run1'))).toBeUndefined();
    expect(outputDirectoryProblem(file)).toBe(`expected a directory, got a file: ${file}`);
    expect(outputDirectoryProblem('/dev/null/x')).toBe('a part of the path is not a directory: /dev/null');
  });
});

describe('flag values', () => {
  it('reads whole numbers in decimal digits within their range', () => {
    expect(flagValue.integer('--max-candles', '500', { min: 1 })).toBe(500);
    expect(flagValue.integer('--max-candles', undefined, { min: 1 })).toBeUndefined();
    for (const text of ['0x10', '1e3', '-5', '0', '1.5', '', ' 5', '99999999999999999999'])
      expect(() => flagValue.integer('--max-candles', text, { min: 1 }), text).toThrow(UsageError);
  });

  it('reads ports from 1 to 65535 only', () => {
    expect(flagValue.port('--inspect-port', '4242')).toBe(4242);
    for (const text of ['0', '65536', '70000', '0x50', '-1'])
      expect(() => flagValue.port('--inspect-port', text), text).toThrow(/must be a port from 1 to 65535/);
  });

  it('keeps a real date and refuses one that is not on the calendar', () => {
    expect(flagValue.date('--from', '2001-02-28')).toBe('2001-02-28');
    expect(() => flagValue.date('--from', '2001-02-30')).toThrow(/--from must be a real ISO-8601 date/);
  });

  it('refuses a symbol that could name a path, quoting a long one cut short', () => {
    expect(flagValue.symbol('--symbol', 'EURUSD')).toBe('EURUSD');
    expect(() => flagValue.symbol('--symbol', '../../etc')).toThrow('--symbol "../../etc": expected letters');
    expect(() => flagValue.symbol('--symbol', 'A'.repeat(5_000))).toThrow(
      /\(5000 characters\): expected at most 32/,
    );
  });
});
