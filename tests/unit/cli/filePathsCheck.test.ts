import { describe, expect, it } from 'vitest';
import { filePathsCheck } from '../../../src/cli/filePathsCheck.js';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';

const check = (uses: { store: boolean }, input: SystemConfigInput) =>
  filePathsCheck(uses)(SystemConfigSchema.parse(input));
const onProc = 'is on a system file system (/proc, /sys, /dev)';

describe('filePathsCheck', () => {
  it('reports an unwritable store.path at that key, only when the command keeps a store', () => {
    const input: SystemConfigInput = { store: { path: '/proc/self/tradestate/run.db' } };
    expect(check({ store: true }, input)).toEqual([
      {
        path: ['store', 'path'],
        value: '/proc/self/tradestate/run.db',
        expected: 'a writable file',
        message: `cannot create /proc/self/tradestate/run.db: it ${onProc}`,
      },
    ]);
    expect(check({ store: false }, input)).toEqual([]);
  });

  it('reports a store.directory that cannot hold run.db at store.directory', () => {
    expect(check({ store: true }, { store: { directory: '/proc/self/stores' } })).toEqual([
      expect.objectContaining({ path: ['store', 'directory'], value: '/proc/self/stores' }),
    ]);
  });

  it('accepts an in-memory store without looking at the disk', () => {
    expect(check({ store: true }, { store: { path: ':memory:', directory: '/proc/self/stores' } })).toEqual(
      [],
    );
  });

  it('reports an unwritable logging.file and an unreadable CSV path, each at its key', () => {
    const findings = check(
      { store: false },
      {
        logging: { file: '/proc/self/tradestate.log' },
        trading: { data_source: { type: 'csv', path: '/nonexistent/tradestate/bars.csv' } },
      },
    );
    expect(findings.map(({ path, expected, message }) => ({ path, expected, message }))).toEqual([
      { path: ['logging', 'file'], expected: 'a writable file', message: expect.stringContaining(onProc) },
      {
        path: ['trading', 'data_source', 'path'],
        expected: 'a readable file',
        message: 'file not found: /nonexistent/tradestate/bars.csv',
      },
    ]);
  });
});
