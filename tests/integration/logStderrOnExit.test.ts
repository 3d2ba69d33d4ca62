import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A child process logs to stderr the way a backtest does (simulated clock: lines collected, written at
 * exit) and drops its logger before exiting, as the CLI does when `main` returns. A garbage collection
 * forced at that point (`--expose-gc`) is what, at random, used to take the collected lines with the
 * logger; forcing it makes the loss certain rather than occasional.
 */
function runChild(ending: 'natural' | 'process.exit'): { status: number | null; stderr: string } {
  const module = resolve(import.meta.dirname, '../../src/logging/createLogger.ts');
  const clock = resolve(import.meta.dirname, '../../src/util/clock.ts');
  const script = `
    process.on('beforeExit', () => globalThis.gc());
    const { createLogger } = await import(${JSON.stringify(module)});
    const { SimulatedClock } = await import(${JSON.stringify(clock)});
    function run() {
      const logger = createLogger({ level: 'INFO', format: 'text', include_correlation_ids: false, service_levels: {} }, { clock: new SimulatedClock(0) });
      for (let index = 0; index < 30; index++) logger.info({ index }, 'Line');
    }
    run();
    await new Promise((settle) => setTimeout(settle, 0));
    globalThis.gc();
    ${ending === 'process.exit' ? 'process.exit(3);' : 'process.exitCode = 3;'}`;
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: resolve(import.meta.dirname, '../..'), encoding: 'utf8' },
  );
  return { status: child.status, stderr: child.stderr };
}

describe('createLogger on stderr in a replay (lines collected, logger dropped before exit)', () => {
  it.each(['natural', 'process.exit'] as const)('writes every line when the process ends (%s)', (ending) => {
    const child = runChild(ending);
    expect(child.status, child.stderr).toBe(3);
    const lines = child.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe('[1970-01-01 00:00:00.000] [-] INFO tradestate: Line index=0');
    expect(lines[29]).toBe('[1970-01-01 00:00:00.000] [-] INFO tradestate: Line index=29');
  });
});
