import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '..', '..', '..');

describe('the tradestate command in a checkout that was never built', () => {
  it('says how to run the CLI from the repository and exits 2, without a stack trace', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'tradestate-unbuilt-'));
    try {
      mkdirSync(join(checkout, 'bin'));
      copyFileSync(join(repository, 'bin', 'tradestate.js'), join(checkout, 'bin', 'tradestate.js'));
      const result = spawnSync(process.execPath, [join(checkout, 'bin', 'tradestate.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/not built here \(no dist\/cli\/main\.js\)/);
      expect(result.stderr).toMatch(/npm run tradestate -- <command>/);
      expect(result.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at .*\(node:/);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});
