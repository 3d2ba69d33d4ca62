import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../../src/cli/formatRunSummary.js';
import type { RunSummary } from '../../../src/system/runSummary.js';

function summary(
  services: Record<string, Record<string, unknown>>,
  extra: Partial<RunSummary> = {},
): RunSummary {
  return {
    candles: 120,
    entry_signals: 4,
    exit_signals: 3,
    orders: 7,
    trades: 3,
    blocked: 1,
    net_pnl: 12.345,
    balance: 10_012.25,
    final_equity: 10_020.5,
    open_positions: 1,
    metrics: {
      services,
      event_bus: { events_published: 500, events_delivered: 900, handler_errors: 0, events_dropped: 2 },
      orchestrator: { status: 'stopped', services_count: Object.keys(services).length, restarts_total: 1 },
    },
    ...extra,
  } as unknown as RunSummary;
}

describe('formatRunSummary', () => {
  it('prints trades, PnL and equity in cents when this process runs trade_execution', () => {
    const text = formatRunSummary(summary({ trade_execution: { orders: 7 } }));
    expect(text).toContain('  orders           7\n');
    expect(text).toContain('  trades           3 closed, 1 open');
    expect(text).toContain('  PnL              12.35');
    expect(text).toContain('  final equity     10020.50 (balance 10012.25)');
    expect(text).not.toContain('no broker');
  });

  it('prints what passed through instead of a PnL in a process without a broker', () => {
    const text = formatRunSummary(summary({ data_fetching: { fetched: 120 }, indicator_calculation: {} }));
    expect(text).toContain('  orders           7 (placed by the execution process)');
    expect(text).toContain('  services here    data_fetching, indicator_calculation (no broker: no PnL)');
    expect(text).not.toContain('PnL  ');
  });

  it('lists blocked periods, naming the end of the run when one was still open, and margin figures', () => {
    const period = { symbol: 'MSFT', start: 'Mon 10:00', end: 'Mon 12:00', hours: 2, until_end: false };
    const text = formatRunSummary(
      summary(
        { trade_execution: {} },
        {
          blocked_periods: [
            { ...period, reason: 'drawdown', detail: 'daily loss 3% > 2%' },
            { ...period, start: 'Tue 09:00', hours: 30, until_end: true, reason: 'margin', detail: '' },
          ],
          margin_calls: 1,
          rejected_orders: 2,
        },
      ),
    );
    expect(text).toContain('    blocked Mon 10:00 to Mon 12:00 (2 h): daily loss 3% > 2%');
    expect(text).toContain('    blocked Tue 09:00 to end of run (30 h): margin');
    expect(text).toContain('  margin           1 margin calls, 2 orders rejected');
  });

  it('leaves the margin line out when nothing was called or rejected', () => {
    expect(formatRunSummary(summary({ trade_execution: {} }))).not.toContain('margin');
  });

  it("ends with every service's metrics, the bus counters and the orchestrator's restarts", () => {
    const lines = formatRunSummary(summary({ trade_execution: { orders: 7, fills: 7 } }))
      .trimEnd()
      .split('\n');
    expect(lines.slice(-5)).toEqual([
      'Services',
      `  ${'trade_execution'.padEnd(22)} orders=7 fills=7`,
      '',
      'Event bus  published=500 delivered=900 handler_errors=0 dropped=2',
      'Orchestrator  status=stopped services=1 restarts=1',
    ]);
  });
});
