/** Characters of a value shown in a message; the rest is counted, not echoed. */
const shownCharacters = 40;

/**
 * A value from outside (a CSV field, an event's symbol, a flag) quoted for an error message: in double
 * quotes, control characters escaped, and cut to a readable length with the full length said, so that a
 * 10 MB field gives a one-line message instead of 10 MB on stderr.
 *
 * @example
 * ```ts
 * quoteValue('1.1x5'); // '"1.1x5"'
 * quoteValue('9'.repeat(1_000_000)); // '"9999…" (1000000 characters)'
 * ```
 */
export function quoteValue(value: string, limit = shownCharacters): string {
  const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
  if (value.length <= limit) return `"${escaped(value)}"`;
  return `"${escaped(value.slice(0, limit))}…" (${value.length} characters)`;
}
