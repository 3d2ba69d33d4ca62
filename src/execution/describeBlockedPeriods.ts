import type { BlockedPeriod } from './blockedPeriodLog.js';

/**
 * A blocked period as reports show it: ISO times, its length, and whether it lasted to the end of the data.
 *
 * @example
 * ```ts
 * const period: BlockedPeriodReport = { symbol: 'EURUSD', start: '2025-01-06T10:00:00.000Z', end: '2025-01-06T12:00:00.000Z', hours: 2, until_end: false, reason: 'news_block', detail: 'news_block: ...' };
 * ```
 */
export interface BlockedPeriodReport {
  symbol: string;
  start: string;
  end: string;
  hours: number;
  /** Still blocked when the data ended (a drawdown halt, for instance). */
  until_end: boolean;
  reason: string;
  detail: string;
}

/** Share of a run's span beyond which the summary warns that the statistics include a long idle time. */
export const BLOCKED_WARNING_SHARE = 0.25;

/**
 * Closes the open periods at `end` (the run's last market time) and stamps them as ISO times.
 *
 * @example
 * ```ts
 * const periods = reportBlockedPeriods(executor.blocks.periods(), lastBarTime);
 * ```
 */
export function reportBlockedPeriods(periods: readonly BlockedPeriod[], end: number): BlockedPeriodReport[] {
  return periods.map((period) => {
    const stop = period.end ?? Math.max(end, period.start);
    return {
      symbol: period.symbol,
      start: new Date(period.start).toISOString(),
      end: new Date(stop).toISOString(),
      hours: Math.round(((stop - period.start) / 3_600_000) * 100) / 100,
      until_end: period.end === undefined,
      reason: period.reason,
      detail: period.detail,
    };
  });
}

/**
 * Summary lines for the blocked periods: each with its reason and length, and a warning when more than a
 * quarter of the span `[start, end]` was blocked (annualised return, Sharpe ratio and exposure then
 * include a long time in which the strategies were not allowed to trade).
 *
 * @example
 * ```ts
 * for (const line of describeBlockedPeriods(report.blocked_periods, firstBar, lastBar)) console.log(line);
 * // Blocked periods   1, 16.2 of 22.0 years (73.6% of the span)
 * //   2003-05-02 to end of data  16.2 years  risk_breach: max_drawdown: 20.31% >= limit 20% ...
 * ```
 */
export function describeBlockedPeriods(
  periods: readonly BlockedPeriodReport[],
  start: number,
  end: number,
): string[] {
  if (periods.length === 0) return ['Blocked periods    none'];
  const span = Math.max(end - start, 1);
  const blocked = blockedMilliseconds(periods);
  const share = blocked / span;
  const lines = [
    `Blocked periods    ${periods.length}, ${duration(blocked)} of ${duration(span)} (${(share * 100).toFixed(1)}% of the span)`,
  ];
  const shown = periods.slice(0, 20);
  for (const period of shown) {
    const until = period.until_end ? 'end of data' : period.end.slice(0, 16).replace('T', ' ');
    const length = duration(Date.parse(period.end) - Date.parse(period.start));
    lines.push(
      `  ${period.start.slice(0, 16).replace('T', ' ')} to ${until}  ${length}  ${period.detail || period.reason}`,
    );
  }
  if (periods.length > shown.length) lines.push(`  ... ${periods.length - shown.length} more in report.json`);
  if (share > BLOCKED_WARNING_SHARE) {
    lines.push(
      `Warning: new entries were blocked for ${(share * 100).toFixed(1)}% of the span; annualized return, ` +
        'Sharpe ratio and exposure include that time. See risk.on_max_drawdown (halt or resume) and the limits above.',
    );
  }
  return lines;
}

/** Blocked time, counting overlapping periods (several symbols) once. */
function blockedMilliseconds(periods: readonly BlockedPeriodReport[]): number {
  const spans = periods
    .map((period) => [Date.parse(period.start), Date.parse(period.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const [start, end] of spans) {
    if (start > to) {
      if (to > from) total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  if (to > from) total += to - from;
  return total;
}

function duration(milliseconds: number): string {
  const hours = milliseconds / 3_600_000;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  const days = hours / 24;
  if (days < 365) return `${days.toFixed(1)} days`;
  return `${(days / 365.25).toFixed(1)} years`;
}
