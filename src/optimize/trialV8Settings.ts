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

/**
 * Whether V8 spreads a scavenge (the young generation's collection, most of a trial's garbage-collector time)
 * over helper threads. Once every core runs a trial, those helpers only take CPU from the other trials and
 * pay for their synchronisation; with a core to spare they shorten a trial, so they stay on then. Only this
 * collector flag changes: V8 reads it afresh at each scavenge, while flipping the marking flags of a running
 * process can abort it (a marking cycle started with helpers must end with them).
 */
const parallelScavengeFlag = 'parallel-scavenge';

/**
 * Sets V8's compiler and garbage-collector flags for a process whose threads run trials: `threads` of them
 * on this machine's cores. V8's flags belong to the process (every thread and later worker shares them), so
 * call this before starting the threads, from a process that runs trials.
 *
 * @example
 * ```ts
 * useTrialV8Settings(2); // before a pool of 2 worker threads on a 2-core machine: each scavenges alone
 * ```
 */
export function useTrialV8Settings(threads: number): void {
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${inlinedBytecodeBudget}`);
  const everyCoreBusy = threads >= availableParallelism();
  setFlagsFromString(`--${everyCoreBusy ? 'no-' : ''}${parallelScavengeFlag}`);
}
