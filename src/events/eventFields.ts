import { z } from 'zod';
import { quoteValue } from '../errors/quoteValue.js';
import { symbolProblem } from '../util/safeSymbol.js';

/** Any price a market quotes lies below this; 1e308 or Infinity is an overflow, not a quote. */
const largestPrice = 1e12;
/** 2200-01-01T00:00:00Z: an event time beyond it is an epoch in the wrong unit. */
const latestTime = Date.UTC(2200, 0, 1);

/**
 * The field schemas events from outside are checked with, so that whatever arrives over NATS or from a
 * file is as sane as what the process makes itself: symbols safe and short (no path separators, at most
 * 32 characters), timeframes in whole minutes, names and ids of bounded length, prices positive and
 * finite, times between 1970 and 2200.
 *
 * @example
 * ```ts
 * const QuoteSchema = z.object({ symbol: eventFields.symbol, price: eventFields.price, time: eventFields.time });
 * QuoteSchema.safeParse({ symbol: '../../etc', price: 0, time: 1 }).success; // false
 * ```
 */
export const eventFields = {
  symbol: z.string().superRefine((symbol, context) => {
    const problem = symbolProblem(symbol);
    if (problem !== undefined)
      context.addIssue({ code: 'custom', message: `symbol ${quoteValue(symbol)}: ${problem}` });
  }),
  timeframe: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, 'expected a timeframe in whole minutes, e.g. "1", "60", "1440"'),
  /** Strategy names, regimes, reasons. */
  name: z.string().min(1).max(128),
  /** Event ids, correlation ids, client order ids. */
  id: z.string().min(1).max(256),
  price: z.number().positive().max(largestPrice),
  time: z.number().int().nonnegative().max(latestTime),
} as const;
