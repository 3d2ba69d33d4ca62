/**
 * A length of time given in days, written for a reader: minutes below an hour, hours below a day, days above
 * (`"45 min"`, `"2.5 h"`, `"3.0 d"`); `"n/a"` for null.
 *
 * @example
 * ```ts
 * formatDuration(0.03125); // '45 min'
 * ```
 */
export function formatDuration(days: number | null): string {
  if (days === null) return 'n/a';
  if (days >= 1) return `${days.toFixed(1)} d`;
  if (days * 24 >= 1) return `${(days * 24).toFixed(1)} h`;
  return `${Math.round(days * 1440)} min`;
}
