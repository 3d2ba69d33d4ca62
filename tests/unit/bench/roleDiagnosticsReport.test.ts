import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRoleDiagnostics } from '../../../bench/roleDiagnosticsReport.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function roleFiles(...roles: object[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-roles-'));
  directories.push(directory);
  for (const [index, role] of roles.entries())
    writeFileSync(join(directory, `role-${index}.json`), JSON.stringify(role));
  return directory;
}

const quiet = { cpuSeconds: 1.5, loopDelayMs: { p50: 1, p90: 2, p99: 3, max: 4 } };

describe('describeRoleDiagnostics', () => {
  it('counts the GC pauses inside the run by kind, and names the pause each overlapped order of the execution process met', () => {
    const directory = roleFiles(
      {
        ...quiet,
        role: 'trade_execution',
        // Before the run (start-up), inside the first order, between the orders.
        gcPauses: [
          [500, 100, 1],
          [1_002, 6, 1],
          [1_050, 2, 2],
        ],
        systemCpuSeconds: 0.4,
        runQueueWaitSeconds: 2,
        timeslices: 1_000,
      },
      { ...quiet, role: 'strategy_evaluation', gcPauses: [[1_001, 30, 4]] },
    );
    const report = describeRoleDiagnostics(
      directory,
      [
        { from: 1_000, to: 1_010 },
        { from: 1_100, to: 1_102 },
      ],
      { from: 1_000, to: 2_000 },
    );
    const [strategies, execution] = report.trimEnd().split('\n');
    expect(execution).toBe(
      '  trade_execution: CPU 1.50 s (kernel 0.40 s), waited for a core 2.0 s over 1000 slices (mean 2.00 ms); loop delay p50 / p90 / p99 / max 1.0 / 2.0 / 3.0 / 4.0 ms; 2 GC pauses in the run (scavenge 1, mark-compact 1), 8 ms, longest 6.0 ms; 1 of 2 orders overlapped one (10.0 ms in scavenge 6.0 ms)',
    );
    // Another process's pause is not the execution process's: no order count there.
    expect(strategies).toBe(
      '  strategy_evaluation: CPU 1.50 s; loop delay p50 / p90 / p99 / max 1.0 / 2.0 / 3.0 / 4.0 ms; 1 GC pauses in the run (incremental 1), 30 ms, longest 30.0 ms',
    );
  });
});
