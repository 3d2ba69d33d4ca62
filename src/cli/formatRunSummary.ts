import type { RunSummary } from '../system/tradingSystem.js';

const money = (value: number) => value.toFixed(2);

/**
 * The end-of-run summary: what flowed through the pipeline, what it earned, and every service's metrics.
 *
 * @example
 * ```ts
 * io.stdout.write(formatRunSummary(summary));
 * ```
 */
export function formatRunSummary(summary: RunSummary): string {
  // A process of a split pipeline without trade_execution has no broker: its account never moved, so a
  // PnL would be a misleading 0.00. It reports what passed through it instead.
  const trades = 'trade_execution' in summary.metrics.services;
  const lines = [
    'Run summary',
    `  candles          ${summary.candles}`,
    `  signals          ${summary.entry_signals} entries, ${summary.exit_signals} exits`,
    `  orders           ${summary.orders}${trades ? '' : ' (placed by the execution process)'}`,
    ...(trades
      ? [
          `  trades           ${summary.trades} closed, ${summary.open_positions} open`,
          `  trading blocked  ${summary.blocked} times`,
          `  PnL              ${money(summary.net_pnl)}`,
          `  final equity     ${money(summary.final_equity)} (balance ${money(summary.balance)})`,
        ]
      : [
          `  trading blocked  ${summary.blocked} times`,
          `  services here    ${Object.keys(summary.metrics.services).join(', ')} (no broker: no PnL)`,
        ]),
  ];
  for (const period of summary.blocked_periods ?? []) {
    const until = period.until_end ? 'end of run' : period.end;
    lines.push(
      `    blocked ${period.start} to ${until} (${period.hours} h): ${period.detail || period.reason}`,
    );
  }
  if ((summary.margin_calls ?? 0) > 0 || (summary.rejected_orders ?? 0) > 0) {
    lines.push(
      `  margin           ${summary.margin_calls ?? 0} margin calls, ${summary.rejected_orders ?? 0} orders rejected`,
    );
  }
  lines.push('', 'Services');
  for (const [name, metrics] of Object.entries(summary.metrics.services)) {
    const values = Object.entries(metrics as Record<string, unknown>)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    lines.push(`  ${name.padEnd(22)} ${values}`);
  }
  const bus = summary.metrics.event_bus as unknown as Record<string, unknown>;
  lines.push(
    '',
    `Event bus  published=${bus.events_published} delivered=${bus.events_delivered} handler_errors=${bus.handler_errors} dropped=${bus.events_dropped}`,
    // Printed after the stop: every service is STOPPED by then, so restarts say more than health.
    `Orchestrator  status=${summary.metrics.orchestrator.status} services=${summary.metrics.orchestrator.services_count} restarts=${summary.metrics.orchestrator.restarts_total}`,
  );
  return `${lines.join('\n')}\n`;
}
