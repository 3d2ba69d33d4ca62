import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOutcome, repositoryRoot, runCli } from '../support/cliProcess.js';

const bad = join(repositoryRoot, 'tests/fixtures/bad/store');
const cases = JSON.parse(readFileSync(join(bad, 'cases.json'), 'utf8')) as Array<{
  name: string;
  /** A fixture file, `sound` (a store a run left), or `truncate:<bytes>` (that store cut short). */
  database: string;
  wal?: string;
  message: string;
}>;

function run(store: string): Promise<CliOutcome> {
  return runCli(['run', '--max-candles', '50', '--quiet'], { env: { STORE_PATH: store } });
}

let scratch: string;
let sound: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tradestate-bad-store-'));
  sound = join(scratch, 'sound.db');
  expect((await run(sound)).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a damaged store given to tradestate run', () => {
  it.each(cases)(
    '$name: exit 2 naming the file and the ways on, the files left as they were',
    async (badCase) => {
      const store = join(scratch, `${badCase.name.replace(/\W+/g, '-')}.db`);
      const [kind, bytes] = badCase.database.split(':');
      if (kind === 'sound' || kind === 'truncate') copyFileSync(sound, store);
      else copyFileSync(join(bad, badCase.database), store);
      if (kind === 'truncate') truncateSync(store, Number(bytes));
      if (badCase.wal !== undefined) copyFileSync(join(bad, badCase.wal), `${store}-wal`);
      const before = readFileSync(store);
      const outcome = await run(store);
      expect(outcome.code, outcome.stderr).toBe(2);
      expect(outcome.stderr).toContain(`the store ${store} is damaged`);
      expect(outcome.stderr).toContain(badCase.message);
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(store).equals(before)).toBe(true);
    },
    60_000,
  );
});
