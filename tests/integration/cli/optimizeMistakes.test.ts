import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const root = join(import.meta.dirname, '../../..');
const msft = join(root, 'examples/data/msft_2000_2001_daily.csv');
const stocks = join(root, 'examples/config/stocks.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'tradestate-optimize-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `tradestate optimize` on the MSFT example, two trials of ema_fast.period, then `flags`. */
async function optimizeMsft(...flags: string[]) {
  const { io, stdout, stderr } = fakeCliIO();
  const code = await main(
    [
      'optimize',
      '--data',
      msft,
      '--symbol',
      'MSFT',
      '--config',
      stocks,
      '--param',
      'ema_fast.period=5,10',
      ...flags,
    ],
    io,
  );
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('optimize: flags a new user gets wrong but that can still run', () => {
  it('--workers beyond the cores warns, and starts no more workers than there are trials', async () => {
    const workers = availableParallelism() + 6;
    const out = join(scratch, 'many-workers');
    const { code, stdout, stderr } = await optimizeMsft('--workers', String(workers), '--out', out);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      `Warning: --workers ${workers} is more than the ${availableParallelism()} cores here: the trials share them`,
    );
    expect(stdout).toMatch(/: 2 trials, 0 failed, 2 workers, /);
    expect(existsSync(join(out, 'trials.csv'))).toBe(true);
  }, 120_000);

  it('--seed 0 is a seed like any other, and --samples above the grid runs each combination once', async () => {
    const out = join(scratch, 'seed-zero');
    const { code, stdout, stderr } = await optimizeMsft(
      '--method',
      'random',
      '--samples',
      '50',
      '--seed',
      '0',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/: 2 trials, 0 failed, 1 worker, /);
    expect(stderr).toContain(
      'Note: --samples 50 asked for more trials than the 2 combinations the ranges and constraints allow: each ran once',
    );
  }, 120_000);

  it('a fractional range of bb.std_dev (default 2, schema: any positive number) runs 1.5, 2 and 2.5', async () => {
    const out = join(scratch, 'std-dev');
    const { code, stdout, stderr } = await optimizeMsft(
      '--param',
      'bb.std_dev=1.5:2.5:0.5',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/: 6 trials, 0 failed, /);
  }, 120_000);
});
