import { describe, expect, it } from 'vitest';
import type { BlockedPeriod } from '../../../src/execution/blockedPeriodLog.js';
import {
  type BlockedPeriodReport,
  describeBlockedPeriods,
  reportBlockedPeriods,
} from '../../../src/execution/describeBlockedPeriods.js';

const hour = 3_600_000;
const day = 24 * hour;
const T0 = Date.parse('2025-01-06T00:00:00Z');

describe('reportBlockedPeriods', () => {
  it('stamps closed periods as ISO times with their length in hours', () => {
    const period: BlockedPeriod = {
      symbol: 'MSFT',
      start: T0,
      end: T0 + 90 * 60_000,
      reason: 'risk',
      detail: 'x',
    };
    expect(reportBlockedPeriods([period], T0 + day)).toEqual([
      {
        symbol: 'MSFT',
        start: '2025-01-06T00:00:00.000Z',
        end: '2025-01-06T01:30:00.000Z',
        hours: 1.5,
        until_end: false,
        reason: 'risk',
        detail: 'x',
      },
    ]);
  });

  it('closes an open period at the end of the run, never before its start', () => {
    const open: BlockedPeriod = { symbol: 'MSFT', start: T0 + hour, reason: 'halt', detail: '' };
    expect(reportBlockedPeriods([open], T0 + 3 * hour)[0]).toMatchObject({ hours: 2, until_end: true });
    expect(reportBlockedPeriods([open], T0)[0]).toMatchObject({
      end: '2025-01-06T01:00:00.000Z',
      hours: 0,
      until_end: true,
    });
  });
});

describe('describeBlockedPeriods', () => {
  const period = (symbol: string, from: number, to: number, untilEnd = false): BlockedPeriodReport =>
    reportBlockedPeriods(
      [{ symbol, start: from, ...(untilEnd ? {} : { end: to }), reason: 'risk_breach', detail: '' }],
      to,
    )[0]!;

  it('says none when nothing was blocked', () => {
    expect(describeBlockedPeriods([], T0, T0 + day)).toEqual(['Blocked periods    none']);
  });

  it('lists each period with its length and counts overlapping periods of several symbols once', () => {
    const lines = describeBlockedPeriods(
      [period('MSFT', T0, T0 + 2 * hour), period('AAPL', T0 + hour, T0 + 3 * hour)],
      T0,
      T0 + 100 * day,
    );
    expect(lines).toEqual([
      'Blocked periods    2, 3.0 hours of 100.0 days (0.1% of the span)',
      '  2025-01-06 00:00 to 2025-01-06 02:00  2.0 hours  risk_breach',
      '  2025-01-06 01:00 to 2025-01-06 03:00  2.0 hours  risk_breach',
    ]);
  });

  it('warns when more than a quarter of the span was blocked, and names a period open at the end', () => {
    const lines = describeBlockedPeriods(
      [period('MSFT', T0 + 400 * day, T0 + 1000 * day, true)],
      T0,
      T0 + 1000 * day,
    );
    expect(lines[0]).toBe('Blocked periods    1, 1.6 years of 2.7 years (60.0% of the span)');
    expect(lines[1]).toBe('  2026-02-10 00:00 to end of data  1.6 years  risk_breach');
    expect(lines[2]).toMatch(/^Warning: new entries were blocked for 60\.0% of the span/);
  });

  it('shows the first 20 periods and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, index) =>
      period('MSFT', T0 + index * day, T0 + index * day + hour),
    );
    const lines = describeBlockedPeriods(many, T0, T0 + 365 * day);
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('  ... 3 more in report.json');
  });
});
