import type { IndicatorRow } from '../events/candle.js';

/**
 * The last `limit` rows with `row` appended, as a new array: an event keeps the array it was given, so
 * the window is never changed in place (one array of at most `limit` entries per candle, no `shift`).
 *
 * @example
 * ```ts
 * let rows: IndicatorRow[] = [];
 * for (const row of incoming) rows = appendRow(rows, 6, row); // never more than 6, oldest first
 * ```
 */
export function appendRow(rows: readonly IndicatorRow[], limit: number, row: IndicatorRow): IndicatorRow[] {
  const kept = Math.min(rows.length, limit - 1);
  const next = new Array<IndicatorRow>(kept + 1);
  const offset = rows.length - kept;
  for (let index = 0; index < kept; index++) next[index] = rows[offset + index]!;
  next[kept] = row;
  return next;
}
