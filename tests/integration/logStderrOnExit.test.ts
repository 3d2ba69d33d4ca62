import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A child process logs to stderr the way a backtest does (simulated clock: lines collected in ~16 KB
 * batches, the rest written at exit), in two endings:
 * - natural: the logger is dropped before the exit, as when the CLI's `main` returns, and a garbage
 *   collection is forced (`--expose-gc`): what, at random, used to take the collected lines with the logger.
 * - `process.exit` right after the last line, while a batch may still be on its way to stderr: it used to
 *   land after the tail written at exit (lines out of order) in about one run in three, so that ending is
 *   run a few times.
 */
const prefix = '[1970-01-01 00:00:00.000] [-] INFO tradestate: Line index=';
/** Lines of one width (a four-digit index), so the count sets where the ~16 KB batches end. */
const lineWidth = prefix.length + 5;
/** One line past the first batch: that batch is handed to stderr just before the process ends. */
const lineCount = Math.ceil(16_384 / lineWidth) + 1;

function runChild(ending: 'natural' | 'process.exit'): { status: number | null; stderr: string } {
  const module = resolve(import.meta.dirname, '../../src/logging/createLogger.ts');
  const clock = resolve(import.meta.dirname, '../../src/util/clock.ts');
  const script = `
    const lineCount = ${lineCount};
    process.on('beforeExit', () => globalThis.gc());
    const { createLogger } = await import(${JSON.stringify(module)});
    const { SimulatedClock } = await import(${JSON.stringify(clock)});
    function run() {
      const logger = createLogger({ level: 'INFO', format: 'text', include_correlation_ids: false, service_levels: {} }, { clock: new SimulatedClock(0) });
      for (let index = 0; index < lineCount; index++) logger.info({ index: String(index).padStart(4, '0') }, 'Line');
    }
    run();
    ${ending === 'process.exit' ? 'process.exit(3);' : 'await new Promise((settle) => setTimeout(settle, 0)); globalThis.gc(); process.exitCode = 3;'}`;
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: resolve(import.meta.dirname, '../..'), encoding: 'utf8' },
  );
  return { status: child.status, stderr: child.stderr };
}

describe('createLogger on stderr in a replay (lines collected, logger dropped before exit)', () => {
  it.each([
    ['natural', 1],
    ['process.exit', 4],
  ] as const)('writes every line, in order, when the process ends (%s)', (ending, runs) => {
    const expected = Array.from(
      { length: lineCount },
      (_, index) => `${prefix}${String(index).padStart(4, '0')}`,
    );
    for (let run = 0; run < runs; run++) {
      const child = runChild(ending);
      expect(child.status, child.stderr).toBe(3);
      expect(child.stderr.trimEnd().split('\n')).toEqual(expected);
    }
  });
});
