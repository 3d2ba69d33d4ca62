import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bad = join(root, 'tests/fixtures/bad/store');
const cases = JSON.parse(readFileSync(join(bad, 'cases.json'), 'utf8')) as Array<{
  name: string;
  /** A fixture file, `sound` (a store a run left), or `truncate:<bytes>` (that store cut short). */
  database: string;
  wal?: string;
  message: string;
}>;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(store: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--max-candles', '50', '--quiet'],
      { cwd: root, env: { PATH: process.env.PATH ?? '', STORE_PATH: store } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
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
