import type { Candle } from '../events/candle.js';
import { type BarWindow, runTrial, type TrialJob } from './runTrial.js';
import type { Trial } from './trialPlan.js';

/**
 * How a worker warms up: runs of `bars` bars each, when the first window has at least `shortestWindow` bars.
 *
 * @example
 * ```ts
 * const settings: WarmUpSettings = { bars: 1_000, shortestWindow: 20_000 };
 * ```
 */
export interface WarmUpSettings {
  /** Bars of each warm-up run: enough for V8 to optimise the per-bar code. */
  bars: number;
  /** Shorter windows are not warmed up: a short trial's recompilations cost less than the warm-up. */
  shortestWindow: number;
}

/** A fiftieth of a 50k-bar trial per run; windows of 20k bars or more. */
export const defaultWarmUpSettings: WarmUpSettings = { bars: 1_000, shortestWindow: 20_000 };

/** Warm-up runs per worker: the first optimises the per-bar code, the second replaces that code (below). */
const warmUpRuns = 2;

/**
 * Runs a worker's first trial twice on the first bars of its window (1,000 by default), results discarded,
 * before the worker's real trials, when those are long (20k bars or more by default). Returns whether it did.
 *
 * Each trial builds its services anew, and V8 optimises the per-bar code for the objects and closures of the
 * trial it sees first: in the worker's second trial most of that code deoptimises ("wrong call target",
 * "wrong map") and is compiled again for the new ones, 234 functions against about 10 a trial once settled
 * (`--trace-opt`, one worker, 50k-bar trials). Paid on 50k bars that wave is a deoptimised, recompiling
 * trial; paid on two runs of 1,000 bars it costs less: 8 trials of 50k bars in one thread (a worker's share
 * of 16 with 2 workers) took 3.0–3.1 s of CPU in all with the warm-up against 3.1–3.3 s without, and 1.9–2.0 s
 * against 2.4 s after the first trial.
 * A job pays the warm-up once per worker, so it matters most with several workers, each of which would
 * otherwise pay the wave inside its own trials.
 *
 * The runs are complete backtests in memory like any trial; they share nothing with the trials that follow
 * but V8's compiled code, so results do not change.
 *
 * @example
 * ```ts
 * await warmUpWorker(job, task.trial, candles, task.window); // once, before the worker's first trial
 * ```
 */
export async function warmUpWorker(
  job: TrialJob,
  trial: Trial,
  candles: readonly Candle[],
  window: BarWindow,
  settings: WarmUpSettings = defaultWarmUpSettings,
): Promise<boolean> {
  if (window.to - window.from < settings.shortestWindow) return false;
  const warmUpWindow: BarWindow = { ...window, to: window.from + settings.bars, label: 'warm-up' };
  for (let run = 0; run < warmUpRuns; run++) await runTrial(job, trial, candles, warmUpWindow);
  return true;
}
