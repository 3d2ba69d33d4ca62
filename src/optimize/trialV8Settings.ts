import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Turbofan's budget of bytecode inlined into one optimised function (V8's default: 920 bytes). A trial builds
 * its services anew, so each worker optimises its hot functions during its first trial and again in the next
 * (new closures and objects deoptimise the first code), and the code of a short trial never repays a large
 * compilation. With 300, a job of 16 trials of 20k bars run on one thread took about a tenth less CPU (2.1 s
 * against 2.3 s, with scavenges on that thread alone) and a smaller share of it in V8's helper threads.
 */
const inlinedBytecodeBudget = 300;

// V8's interrupt budget (how much bytecode a function runs between tier-up checks) stays at its default.
// Twice the default (tried in 93e6b56) compiled about a seventh fewer functions per job (`--trace-opt`, 16
// trials of 20k bars: 486 against 556 with 1 worker, 665 against 791 with 2) and took a little CPU from the
// helper threads with 2 workers (32 against 38 ms a trial), but the workers' own threads ran their late
// functions unoptimised for longer: 125 against 114 ms a trial with 1 worker, 151 against 119 ms with 2
// (medians of 8 alternating runs each), so 2 workers gained less over 1, not more.

/**
 * Whether V8 spreads a scavenge (the young generation's collection, most of a trial's garbage-collector time)
 * over helper threads. Once every core runs a trial, those helpers only take CPU from the other trials and
 * pay for their synchronisation; with a core to spare they shorten a trial, so they stay on then. Only this
 * collector flag changes: V8 reads it afresh at each scavenge, while flipping the marking flags of a running
 * process can abort it (a marking cycle started with helpers must end with them).
 */
const parallelScavengeFlag = 'parallel-scavenge';

/**
 * Semi-space of a worker's young generation, in MB, from its first allocation to its last (V8's default
 * starts at 1 MB and tops out at 16 MB). A trial allocates about 8 KB per bar and keeps much of it until its
 * end: with small semi-spaces each scavenge copies what is still alive and promotes it after two, which
 * grows the old generation and brings its (concurrent) marking. Left to grow from 1 MB, a worker's new space
 * reached 64 MB only in its fifth or sixth trial; with 2 workers each spends most of its trials growing.
 * Starting at 64 MB cut the CPU per trial (16 trials of 20k bars, steady state, worker threads) by about a
 * third with 2 workers (290–316 → 185–214 ms) and a sixth with 1 (191–213 → 156–197 ms).
 */
export const trialSemiSpaceMegabytes = 64;

/**
 * The V8 flags of a process running trials, `workers` of them at once on this machine's cores: for the
 * command line of a trial process (`execArgv`), which is where they belong, since V8's flags apply to a
 * whole process.
 *
 * @example
 * ```ts
 * fork(entry, { execArgv: trialV8Flags(2) }); // one of 2 trial processes on a 2-core machine
 * ```
 */
export function trialV8Flags(workers: number): string[] {
  const everyCoreBusy = workers >= availableParallelism();
  return [
    `--max-inlined-bytecode-size-cumulative=${inlinedBytecodeBudget}`,
    `--${everyCoreBusy ? 'no-' : ''}${parallelScavengeFlag}`,
    // Read when a heap is made: a worker thread's or a trial process's, not the running process's own.
    `--min-semi-space-size=${trialSemiSpaceMegabytes}`,
  ];
}

/**
 * Sets {@link trialV8Flags} on the running process. V8's flags belong to the process (every thread and later
 * worker shares them), so call this only in a process that exists to run trials (`tradestate worker`,
 * `tradestate optimize`), never from the library on a user's process.
 *
 * @example
 * ```ts
 * useTrialV8Settings(2); // before a pool of 2 worker threads on a 2-core machine: each scavenges alone
 * ```
 */
export function useTrialV8Settings(workers: number): void {
  for (const flag of trialV8Flags(workers)) setFlagsFromString(flag);
}
