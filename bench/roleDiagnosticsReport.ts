import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `roleDiagnostics.mjs` wrote for one role process. */
interface RoleDiagnostics {
  role: string;
  cpuSeconds: number;
  /** The part of `cpuSeconds` spent in the kernel (system calls: socket reads and writes, wake-ups). */
  systemCpuSeconds?: number;
  loopDelayMs: { p50: number; p90: number; p99: number; max: number };
  /** [start (epoch ms), duration (ms), kind]. */
  gcPauses: Array<[number, number, number]>;
  runQueueWaitSeconds?: number;
  timeslices?: number;
  /** The whole process's read and write system calls and context switches (Linux). */
  systemCounts?: { reads: number; writes: number; voluntarySwitches: number; involuntarySwitches: number };
}

/** A latency sample as the stream timed it: from its candle's stored time to its own (epoch ms). */
export interface TimedWindow {
  from: number;
  to: number;
}

/** The name of a `PerformanceEntry` GC kind (`perf_hooks.constants.NODE_PERFORMANCE_GC_*`). */
function gcKind(kind: number | undefined): string {
  if (kind === 1) return 'scavenge';
  if (kind === 2) return 'mark-compact';
  if (kind === 4) return 'incremental';
  if (kind === 8) return 'weak callbacks';
  return 'gc';
}

/** ` (scavenge 7, mark-compact 2)`: how many pauses of each kind, so a tail can be told young from old. */
function describeKinds(pauses: ReadonlyArray<readonly [number, number, number]>): string {
  if (pauses.length === 0) return '';
  const counts = new Map<string, number>();
  for (const [, , kind] of pauses) counts.set(gcKind(kind), (counts.get(gcKind(kind)) ?? 0) + 1);
  return ` (${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')})`;
}

/**
 * Describes, per role process of a cross-process run, where time went besides its own work (the files
 * `roleDiagnostics.mjs` wrote into `directory`): CPU, time its main thread waited on the run queue for a
 * core, event-loop delay, GC pauses during the run; and, for the execution process, how many of `orders`
 * (candle→order windows) a GC pause of that process overlapped, with their latencies.
 *
 * @example
 * ```ts
 * process.stderr.write(describeRoleDiagnostics(directory, orders, { from: firstCandle, to: lastEvent }));
 * ```
 */
export function describeRoleDiagnostics(
  directory: string,
  orders: readonly TimedWindow[],
  run: TimedWindow,
): string {
  const roles = readdirSync(directory)
    .filter((name) => name.startsWith('role-') && name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')) as RoleDiagnostics)
    .sort((a, b) => a.role.localeCompare(b.role));
  const lines = roles.map((diagnostics) => {
    const pauses = diagnostics.gcPauses.filter(([at]) => at >= run.from && at <= run.to);
    const pausedMs = pauses.reduce((sum, [, duration]) => sum + duration, 0);
    const longest = Math.max(0, ...pauses.map(([, duration]) => duration));
    const { p50, p90, p99, max } = diagnostics.loopDelayMs;
    const waited =
      diagnostics.runQueueWaitSeconds === undefined || diagnostics.timeslices === undefined
        ? ''
        : `, waited for a core ${diagnostics.runQueueWaitSeconds.toFixed(1)} s over ${diagnostics.timeslices} slices (mean ${((diagnostics.runQueueWaitSeconds * 1000) / Math.max(1, diagnostics.timeslices)).toFixed(2)} ms)`;
    let line = `  ${diagnostics.role}: CPU ${diagnostics.cpuSeconds.toFixed(2)} s${diagnostics.systemCpuSeconds === undefined ? '' : ` (kernel ${diagnostics.systemCpuSeconds.toFixed(2)} s)`}${waited}; loop delay p50 / p90 / p99 / max ${[p50, p90, p99, max].map((value) => value.toFixed(1)).join(' / ')} ms; ${pauses.length} GC pauses in the run${describeKinds(pauses)}, ${pausedMs.toFixed(0)} ms, longest ${longest.toFixed(1)} ms`;
    const counts = diagnostics.systemCounts;
    if (counts !== undefined)
      line += `; ${counts.reads} reads, ${counts.writes} writes, context switches ${counts.voluntarySwitches} voluntary / ${counts.involuntarySwitches} involuntary`;
    if (diagnostics.role.includes('trade_execution')) {
      const hit = orders.filter(({ from, to }) =>
        pauses.some(([at, duration]) => at <= to && at + duration >= from),
      );
      const latencies = hit
        .map(({ from, to }) => {
          const kinds = pauses
            .filter(([at, duration]) => at <= to && at + duration >= from)
            .map(([, duration, kind]) => `${gcKind(kind)} ${duration.toFixed(1)} ms`);
          return `${(to - from).toFixed(1)} ms in ${kinds.join(' + ')}`;
        })
        .join(', ');
      line += `; ${hit.length} of ${orders.length} orders overlapped one${hit.length > 0 ? ` (${latencies})` : ''}`;
    }
    return line;
  });
  return `${lines.join('\n')}\n`;
}
