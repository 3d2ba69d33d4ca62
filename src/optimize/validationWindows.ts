import type { Candle } from '../events/candle.js';
import { OptimizeInputError } from './optimizeInputError.js';
import type { BarWindow } from './runTrial.js';

/**
 * The windows a job runs its trials on: the one trials are ranked on, and the in-sample / out-of-sample pairs
 * of a split or a walk-forward.
 *
 * @example
 * ```ts
 * const plan = splitWindows(candles, { walkForward: 3 });
 * plan.folds.length; // 3
 * ```
 */
export interface ValidationPlan {
  windows: BarWindow[];
  ranking: BarWindow;
  folds: { train: BarWindow; test: BarWindow }[];
}

/** Bars a walk-forward window needs at least (indicators must have something to warm up on). */
const minimumWindowBars = 10;

function parseDate(text: string): number {
  const time = Date.parse(text);
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  // Date.parse rolls 2001-02-30 over to March 2: refuse dates that do not exist.
  const real =
    day === null ||
    new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))).getUTCDate() === Number(day[3]);
  if (Number.isNaN(time) || !real) {
    throw new OptimizeInputError(
      `--train-until must be an ISO-8601 date such as 2001-06-30, got ${JSON.stringify(text)}`,
    );
  }
  return time;
}

/**
 * Cuts the data into the windows asked for: all of it; a train/test split at `trainUntil` (inclusive); or a
 * rolling walk-forward of `walkForward` folds over `walkForward + 1` equal windows (fold i trains on window
 * i-1 and tests on window i). Each test window starts cold, as a new deployment would.
 *
 * @example
 * ```ts
 * splitWindows(candles, { trainUntil: '2001-06-30' }).ranking.label; // 'train'
 * ```
 */
export function splitWindows(
  candles: readonly Candle[],
  options: { walkForward?: number; trainUntil?: string },
): ValidationPlan {
  const all: BarWindow = { from: 0, to: candles.length, label: 'all' };
  if (options.walkForward !== undefined && options.trainUntil !== undefined) {
    throw new OptimizeInputError('--walk-forward and --train-until exclude each other: choose one');
  }
  if (options.trainUntil !== undefined) {
    const until = parseDate(options.trainUntil);
    let split = candles.findIndex((candle) => candle.time > until);
    if (split < 0) split = candles.length;
    if (split < 2 || candles.length - split < 2) {
      throw new OptimizeInputError(
        `--train-until ${options.trainUntil} leaves ${split} bars in sample and ${candles.length - split} out of sample; each side needs at least 2 (the data runs ${new Date(candles[0]!.time).toISOString()} to ${new Date(candles[candles.length - 1]!.time).toISOString()})`,
      );
    }
    const train: BarWindow = { from: 0, to: split, label: 'train' };
    const test: BarWindow = { from: split, to: candles.length, label: 'test' };
    return { windows: [train, test], ranking: train, folds: [{ train, test }] };
  }
  if (options.walkForward !== undefined) {
    const folds = options.walkForward;
    if (!Number.isInteger(folds) || folds < 1 || folds > 50) {
      throw new OptimizeInputError(
        `--walk-forward must be a whole number of folds from 1 to 50, got ${folds}`,
      );
    }
    const size = Math.floor(candles.length / (folds + 1));
    if (size < minimumWindowBars) {
      throw new OptimizeInputError(
        `--walk-forward ${folds}: ${candles.length} bars make windows of ${size} bars; each needs at least ${minimumWindowBars} (use fewer folds)`,
      );
    }
    const windows = Array.from({ length: folds + 1 }, (_, index) => ({
      from: index * size,
      to: index === folds ? candles.length : (index + 1) * size,
      label: `window ${index + 1}`,
    }));
    return {
      windows: [all, ...windows],
      ranking: all,
      folds: windows.slice(1).map((test, index) => ({ train: windows[index]!, test })),
    };
  }
  return { windows: [all], ranking: all, folds: [] };
}
