import { parseIsoDate } from '../util/parseIsoDate.js';
import { OptimizeInputError } from './optimizeInputError.js';
import type { OptimizeOptions } from './optimizeOptions.js';

/** Seeds are taken as unsigned 32-bit integers: a larger one would silently draw another seed's trials. */
const maximumSeed = 4_294_967_295;

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function wholeNumber(name: string, value: unknown, minimum: number, maximum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    const bounds =
      maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new OptimizeInputError(`${name} must be a whole number ${bounds}, got ${show(value)}`);
  }
}

/**
 * Checks the options of `optimize()` that the job's plan does not check itself, before any file is read:
 * the choices (`method`, `runtime`), the counts (`workers`, `samples`, `seed`), options that only mean
 * something together (`samples` and `seed` need `method: 'random'`), `trainUntil` as a real ISO-8601
 * date (not whatever `Date.parse` makes of `2001/06/30` in the local time zone), and ranges given as
 * objects (a name, finite values). `walkForward` is checked with the data's windows. Each problem is an
 * {@link OptimizeInputError} naming the option and the value, as the command line names its flag.
 *
 * @example
 * ```ts
 * checkOptimizeOptions({ data: 'msft.csv', parameters: ['ema_fast.period=5:30:5'], workers: 0 });
 * // OptimizeInputError: workers (--workers) must be a whole number from 1 to 1024, got 0
 * ```
 */
export function checkOptimizeOptions(options: OptimizeOptions): void {
  if (!Array.isArray(options.parameters)) {
    throw new OptimizeInputError(
      `parameters must be a list such as ['ema_fast.period=5:30:5'], got ${show(options.parameters)}`,
    );
  }
  if (options.method !== undefined && options.method !== 'grid' && options.method !== 'random') {
    throw new OptimizeInputError(`method (--method) must be grid or random, got ${show(options.method)}`);
  }
  if (options.runtime !== undefined && options.runtime !== 'thread' && options.runtime !== 'process') {
    throw new OptimizeInputError(
      `runtime (--runtime) must be thread or process, got ${show(options.runtime)}`,
    );
  }
  if (options.workers !== undefined) wholeNumber('workers (--workers)', options.workers, 1, 1024);
  // A grid runs every combination: samples or a seed there would be silently ignored, and a job meant as a
  // quick sample would run the whole grid.
  for (const [name, value] of [
    ['samples', options.samples],
    ['seed', options.seed],
  ] as const) {
    if (value !== undefined && options.method !== 'random') {
      throw new OptimizeInputError(
        `${name} (--${name}) draws a random sample: it needs method random (--method random); a grid runs every combination`,
      );
    }
  }
  if (options.samples !== undefined)
    wholeNumber('samples (--samples)', options.samples, 1, Number.MAX_SAFE_INTEGER);
  if (options.seed !== undefined) wholeNumber('seed (--seed)', options.seed, 0, maximumSeed);
  if (options.trainUntil !== undefined && parseIsoDate(String(options.trainUntil)) === undefined) {
    throw new OptimizeInputError(
      `trainUntil (--train-until) must be a real ISO-8601 date or date-time such as 2001-06-30 or 2001-06-30T16:00:00Z, got ${show(options.trainUntil)}`,
    );
  }
  for (const range of options.parameters) {
    if (typeof range === 'string') continue;
    const values = (range as { values?: unknown }).values;
    const name = (range as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '') {
      throw new OptimizeInputError(`a parameter range needs a name, got ${show(name)}`);
    }
    if (!Array.isArray(values) || values.length === 0) {
      throw new OptimizeInputError(`parameter ${name}: no values to try`);
    }
    const bad = values.find((value) => typeof value !== 'number' || !Number.isFinite(value));
    if (bad !== undefined || values.some((value) => typeof value !== 'number')) {
      throw new OptimizeInputError(
        `parameter ${name}: every value must be a finite number, got ${show(bad)}`,
      );
    }
  }
}
