import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A child process: the lines a replay collects must reach logging.file even when it ends with process.exit.
describe('createLogger in a replay (simulated clock, lines collected)', () => {
  it('writes every collected line to logging.file when the process exits with process.exit', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tradestate-log-'));
    const file = join(directory, 'run.log');
    const module = resolve(import.meta.dirname, '../../src/logging/createLogger.ts');
    const clock = resolve(import.meta.dirname, '../../src/util/clock.ts');
    const script = `
      const { createLogger } = await import(${JSON.stringify(module)});
      const { SimulatedClock } = await import(${JSON.stringify(clock)});
      const logger = createLogger({ level: 'INFO', format: 'text', include_correlation_ids: false, service_levels: {}, file: ${JSON.stringify(file)} }, { clock: new SimulatedClock(0) });
      for (let index = 0; index < 25; index++) logger.info({ index }, 'Line');
      process.exit(3);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    try {
      expect(child.status, child.stderr).toBe(3);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(25);
      expect(lines[24]).toBe('[1970-01-01 00:00:00.000] [-] INFO tradestate: Line index=24');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
