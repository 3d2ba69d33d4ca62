import { InvalidOptionError } from '../errors/invalidOptionError.js';
import type { RunOptions } from './runOptions.js';

/**
 * Refuses limits a run cannot mean: `maxCandles` that is not a whole number (or `Infinity`), and
 * `maxDurationSeconds` that is not a number of seconds, negative ones included. Without this, `NaN` or a
 * string compared false with every count, so a run meant to be short ran millions of candles until its
 * time limit, and `-5` ended at once without a word. 0 is allowed for both: a run with nothing to do.
 * Returns the options, checked.
 *
 * @example
 * ```ts
 * checkRunOptions({ maxCandles: 500 }); // { maxCandles: 500 }
 * checkRunOptions({ maxCandles: Number.NaN }); // throws InvalidOptionError: TradingSystem.run: option maxCandles: ...
 * ```
 */
export function checkRunOptions(options: RunOptions): RunOptions {
  const { maxCandles, maxDurationSeconds } = options;
  if (
    maxCandles !== undefined &&
    maxCandles !== Number.POSITIVE_INFINITY &&
    !(Number.isSafeInteger(maxCandles) && maxCandles >= 0)
  ) {
    throw new InvalidOptionError(
      'TradingSystem.run',
      'maxCandles',
      `expected a whole number of at least 0 (or Infinity), got ${show(maxCandles)}`,
    );
  }
  if (
    maxDurationSeconds !== undefined &&
    !(typeof maxDurationSeconds === 'number' && maxDurationSeconds >= 0)
  ) {
    throw new InvalidOptionError(
      'TradingSystem.run',
      'maxDurationSeconds',
      `expected a number of seconds of at least 0 (or Infinity), got ${show(maxDurationSeconds)}`,
    );
  }
  return options;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
