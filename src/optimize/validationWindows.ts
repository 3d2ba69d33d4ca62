import type { Candle } from '../events/candle.js';
import { defaultHistoryLimit } from '../market/dataSourceManager.js';
import { timeframeToMilliseconds } from '../market/timeframeToMilliseconds.js';
import { parseIsoDate } from '../util/parseIsoDate.js';
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
  // Not Date.parse: it reads 2001/06/30 in the local time zone and rolls 2001-02-30 over to March 2.
  const time = parseIsoDate(text);
  if (time === undefined) {
    throw new OptimizeInputError(
      `--train-until must be an ISO-8601 date such as 2001-06-30, got ${JSON.stringify(text)}`,
    );
  }
  return time;
}

/**
 * Bars to replay before a window so that its indicators start as warm as in one continuous run: the data
 * manager keeps {@link defaultHistoryLimit} closed bars of each timeframe and the indicators warm up from
 * them, so that many bars of the longest timeframe the data can build.
 *
 * @example
 * ```ts
 * warmupBarsFor(['1', '5', '60'], '1'); // 30000: 500 hourly bars of one-minute data
 * ```
 */
export function warmupBarsFor(timeframes: readonly string[], baseTimeframe: string): number {
  const base = timeframeToMilliseconds(baseTimeframe);
  const buildable = timeframes
    .map(timeframeToMilliseconds)
    .filter((milliseconds) => milliseconds % base === 0);
  return defaultHistoryLimit * (Math.max(base, ...buildable) / base);
}

/**
 * Cuts the data into the windows asked for: all of it; a train/test split at `trainUntil` (inclusive); or a
 * rolling walk-forward of `walkForward` folds over `walkForward + 1` equal windows (fold i trains on window
 * i-1 and tests on window i). A window after the first gets up to `warmupBars` of the bars before it as
 * warm-up (see `BarWindow.warmup`): it trades from its first bar with warm indicators, as a strategy deployed
 * on a live feed with its start-up history would, and sees nothing after its own bars.
 *
 * @example
 * ```ts
 * splitWindows(candles, { trainUntil: '2001-06-30', warmupBars: 500 }).folds[0]?.test.warmup; // 500
 * ```
 */
export function splitWindows(
  candles: readonly Candle[],
  options: { walkForward?: number; trainUntil?: string; warmupBars?: number },
): ValidationPlan {
  const warm = (window: BarWindow): BarWindow => {
    const warmup = Math.min(window.from, options.warmupBars ?? 0);
    return warmup > 0 ? { ...window, warmup } : window;
  };
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
    const test = warm({ from: split, to: candles.length, label: 'test' });
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
    const windows = Array.from({ length: folds + 1 }, (_, index) =>
      warm({
        from: index * size,
        to: index === folds ? candles.length : (index + 1) * size,
        label: `window ${index + 1}`,
      }),
    );
    return {
      windows: [all, ...windows],
      ranking: all,
      folds: windows.slice(1).map((test, index) => ({ train: windows[index]!, test })),
    };
  }
  return { windows: [all], ranking: all, folds: [] };
}
