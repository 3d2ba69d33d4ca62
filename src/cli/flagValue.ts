import { quoteValue } from '../errors/quoteValue.js';
import { UsageError } from '../errors/usageError.js';
import { parseIsoDate } from '../util/parseIsoDate.js';
import { symbolProblem } from '../util/safeSymbol.js';

const decimalInteger = /^\d+$/;

/**
 * Readers for flag values that say which flag and what was wrong: whole numbers in decimal digits only
 * (`0x10`, `1e3`, `-5` refused), ports from 1 to 65535, dates that exist on the calendar (`2001-02-30`
 * refused), and safe symbols (no path separators or `..`). Each returns undefined for an absent flag and
 * throws `UsageError` for a bad value.
 *
 * @example
 * ```ts
 * flagValue.integer('--max-candles', '500', { min: 1 }); // 500
 * flagValue.port('--inspect-port', '70000'); // throws: --inspect-port must be a port from 1 to 65535, got "70000"
 * flagValue.date('--from', '2001-02-30'); // throws: --from must be a real ISO-8601 date ...
 * ```
 */
export const flagValue = {
  integer(
    flag: string,
    text: string | undefined,
    range: { min?: number; max?: number } = {},
  ): number | undefined {
    if (text === undefined) return undefined;
    const min = range.min ?? 0;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    const value = decimalInteger.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      // A huge number is refused for its size: "at least 1" alone would not say what is wrong with it.
      const bounds =
        range.max === undefined && !(value > max)
          ? `a whole number of at least ${min}`
          : `a whole number from ${min} to ${max}`;
      throw new UsageError(`${flag} must be ${bounds}, in decimal digits, got ${quoteValue(text)}`);
    }
    return value;
  },

  port(flag: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const value = decimalInteger.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(value) || value < 1 || value > 65_535)
      throw new UsageError(`${flag} must be a port from 1 to 65535, got ${quoteValue(text)}`);
    return value;
  },

  date(flag: string, text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    if (parseIsoDate(text) === undefined) {
      throw new UsageError(
        `${flag} must be a real ISO-8601 date or date-time such as 2001-01-31 or 2001-01-31T09:30:00Z, got ${quoteValue(text)}`,
      );
    }
    return text;
  },

  symbol(flag: string, text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const problem = symbolProblem(text);
    if (problem !== undefined) throw new UsageError(`${flag} ${quoteValue(text)}: ${problem}`);
    return text;
  },
} as const;
