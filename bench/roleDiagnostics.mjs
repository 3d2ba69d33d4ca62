import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

// Plain JavaScript, preloaded (`--import`) into a role process of the cross-process bench when
// $BENCH_DIAGNOSTICS_DIR is set: at exit, writes to `<dir>/role-<pid>.json` where the process's time went
// besides its own work: event-loop delay (1 ms resolution), every GC pause (wall time, epoch ms), and how
// long its main thread waited on the run queue for a core (/proc schedstat, Linux), so a latency tail can
// be told apart as GC, a blocked loop, or a process waiting for a core.
const directory = process.env.BENCH_DIAGNOSTICS_DIR;
if (directory !== undefined) {
  const servicesAt = process.argv.indexOf('--services');
  const role = servicesAt >= 0 ? process.argv[servicesAt + 1] : 'main';
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  /** [start (epoch ms), duration (ms), kind]. */
  const pauses = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push([performance.timeOrigin + entry.startTime, entry.duration, entry.detail?.kind]);
  }).observe({ entryTypes: ['gc'] });
  /** Main thread: on-CPU ns, run-queue wait ns, timeslices; undefined off Linux. */
  const schedstat = () => {
    try {
      return readFileSync(`/proc/${process.pid}/schedstat`, 'latin1').trim().split(' ').map(Number);
    } catch {
      return undefined;
    }
  };
  /** Read and write system calls (/proc io) and context switches (/proc status); undefined off Linux. */
  const systemCounts = () => {
    try {
      const io = readFileSync(`/proc/${process.pid}/io`, 'latin1');
      const status = readFileSync(`/proc/${process.pid}/status`, 'latin1');
      const field = (text, name) =>
        Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
      return {
        reads: field(io, 'syscr'),
        writes: field(io, 'syscw'),
        voluntarySwitches: field(status, 'voluntary_ctxt_switches'),
        involuntarySwitches: field(status, 'nonvoluntary_ctxt_switches'),
      };
    } catch {
      return undefined;
    }
  };
  const start = schedstat();
  process.on('exit', () => {
    const end = schedstat();
    const counts = systemCounts();
    const cpu = process.cpuUsage();
    const milliseconds = (nanoseconds) => nanoseconds / 1e6;
    writeFileSync(
      join(directory, `role-${process.pid}.json`),
      JSON.stringify({
        role,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        systemCpuSeconds: cpu.system / 1e6,
        loopDelayMs: {
          p50: milliseconds(delay.percentile(50)),
          p90: milliseconds(delay.percentile(90)),
          p99: milliseconds(delay.percentile(99)),
          max: milliseconds(delay.max),
        },
        gcPauses: pauses,
        ...(counts ? { systemCounts: counts } : {}),
        ...(start && end
          ? { runQueueWaitSeconds: (end[1] - start[1]) / 1e9, timeslices: end[2] - start[2] }
          : {}),
      }),
    );
  });
}
