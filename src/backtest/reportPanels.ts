import { StrategyRegistry } from '../strategies/strategyRegistry.js';
import { formatDuration } from './formatDuration.js';
import type { BlockedPeriod, PerformanceSummary, RoundTrip } from './performanceSummary.js';
import type { PriceFormat } from './priceFormat.js';
import { type TradeGroupStatistics, tradeDurationDays, tradeReturn } from './tradeStatistics.js';

/** Text made safe for HTML element content and attribute values. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`);
const fixed = (value: number | null, digits = 2) => (value === null ? 'n/a' : value.toFixed(digits));
const date = (value: string | null) => value?.slice(0, 10) ?? '-';
const time = (value: number) => new Date(value).toISOString().slice(0, 16).replace('T', ' ');

function statisticTable(title: string, rows: Array<[string, string]>): string {
  const body = rows.map(
    ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<table class="stats"><caption>${escapeHtml(title)}</caption>${body.join('')}</table>`;
}

/** Returns, drawdown and trade figures in three side-by-side tables (the terminal summary's groups). */
export function statisticsPanel(summary: PerformanceSummary): string {
  const drawdown = summary.max_drawdown;
  const blocked = summary.blocked;
  return `<div class="panels">${[
    statisticTable('Returns', [
      ['Total return', percent(summary.total_return)],
      ['Buy and hold', percent(summary.buy_and_hold_return)],
      ['CAGR', percent(summary.annualized_return)],
      ['Volatility (annualised)', percent(summary.annualized_volatility)],
      ['Sharpe ratio', fixed(summary.sharpe_ratio)],
      ['Sortino ratio', fixed(summary.sortino_ratio)],
      ['Calmar ratio', fixed(summary.calmar_ratio)],
      ['Exposure', percent(summary.exposure)],
      ['Net profit', fixed(summary.net_profit)],
      ['Final equity', `${fixed(summary.final_equity)} (from ${fixed(summary.initial_equity)})`],
    ]),
    statisticTable('Drawdown', [
      ['Max drawdown', `${percent(drawdown.fraction)} (${fixed(drawdown.amount)})`],
      ['Peak to trough', `${date(drawdown.peak_time)} to ${date(drawdown.trough_time)}`],
      ['Average drawdown', percent(summary.average_drawdown)],
      ['Max duration', formatDuration(summary.max_drawdown_duration_days)],
      ['Average duration', formatDuration(summary.average_drawdown_duration_days)],
      ['Drawdown periods', String(summary.drawdown_periods)],
      [
        'Blocked',
        blocked
          ? `${blocked.periods} periods, ${blocked.days} days (${percent(blocked.fraction_of_period)})`
          : 'n/a',
      ],
    ]),
    statisticTable('Trades', [
      ['Trades', `${summary.trades} (${summary.winning_trades} won, ${summary.losing_trades} lost)`],
      ['Win rate', percent(summary.win_rate)],
      ['Profit factor', fixed(summary.profit_factor)],
      ['Best / worst trade', `${percent(summary.best_trade)} / ${percent(summary.worst_trade)}`],
      ['Average trade', percent(summary.average_trade)],
      ['Expectancy', fixed(summary.expectancy)],
      ['SQN', fixed(summary.sqn)],
      [
        'Max / average duration',
        `${formatDuration(summary.max_trade_duration_days)} / ${formatDuration(summary.average_trade_duration_days)}`,
      ],
      ['Commissions', fixed(summary.commissions_paid)],
    ]),
  ].join('')}</div>
<p class="note">Period ${escapeHtml(date(summary.period.start))} to ${escapeHtml(date(summary.period.end))} (${summary.period.days} days, ${summary.bars} bars). Volatility, Sharpe and Sortino: ${escapeHtml(summary.sharpe_annualization)}. A trade is one closed round trip, net of both legs' commissions.</p>`;
}

function groupRow(name: string, group: TradeGroupStatistics): string {
  const cells = [
    String(group.trades),
    percent(group.win_rate),
    fixed(group.net_profit),
    fixed(group.profit_factor),
    percent(group.average_trade),
    fixed(group.expectancy),
    formatDuration(group.average_duration_days),
  ];
  return `<tr><th>${escapeHtml(name)}</th>${cells.map((cell) => `<td class="number">${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

/** The trades split by direction, strategy and exit reason. */
export function breakdownPanel(summary: PerformanceSummary): string {
  const rows = [
    groupRow('Long', summary.by_direction.long),
    groupRow('Short', summary.by_direction.short),
    ...Object.entries(summary.by_strategy).map(([name, group]) => groupRow(`Strategy ${name}`, group)),
    ...Object.entries(summary.by_exit_reason).map(([name, group]) => groupRow(`Exit ${name}`, group)),
  ];
  const head = [
    '',
    'Trades',
    'Win rate',
    'Net PnL',
    'Profit factor',
    'Avg trade',
    'Expectancy',
    'Avg duration',
  ];
  return `<table id="breakdown" class="grid"><thead><tr>${head.map((label) => `<th>${label}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * One row per round trip; every cell carries its sortable value in `data-value`. The footer totals the
 * net PnL and commissions (they equal report.json's net profit and commissions when every position was closed).
 */
export function tradesPanel(trips: readonly RoundTrip[], format: PriceFormat): string {
  const price = (value: number) => value.toFixed(format.precision);
  const rows = trips.map((trip, index) => {
    const cells: Array<[string | number, string, string?]> = [
      [index + 1, String(index + 1), 'number'],
      [trip.entry_time, time(trip.entry_time)],
      [trip.entry_price, price(trip.entry_price), 'number'],
      [trip.exit_time, time(trip.exit_time)],
      [trip.exit_price, price(trip.exit_price), 'number'],
      [trip.direction, trip.direction],
      [trip.size, String(trip.size), 'number'],
      [trip.net_pnl, trip.net_pnl.toFixed(2), trip.net_pnl > 0 ? 'number win' : 'number loss'],
      [tradeReturn(trip), percent(tradeReturn(trip)), 'number'],
      [tradeDurationDays(trip), formatDuration(tradeDurationDays(trip)), 'number'],
      [String(trip.exit_reason), String(trip.exit_reason)],
      [trip.strategy, trip.strategy],
    ];
    const tds = cells.map(
      ([value, text, cls]) =>
        `<td data-value="${escapeHtml(String(value))}"${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</td>`,
    );
    return `<tr data-time="${Math.floor(trip.entry_time / 1000)}">${tds.join('')}</tr>`;
  });
  const head = [
    '#',
    'Entry time',
    'Entry price',
    'Exit time',
    'Exit price',
    'Side',
    'Size',
    'Net PnL',
    'Return',
    'Duration',
    'Exit reason',
    'Strategy',
  ];
  const netTotal = trips.reduce((total, trip) => total + trip.net_pnl, 0);
  const commissions = trips.reduce((total, trip) => total + trip.commission, 0);
  return `<table id="trades" class="grid sortable"><thead><tr>${head
    .map((label, column) => `<th data-column="${column}" title="Sort">${label}</th>`)
    .join(
      '',
    )}</tr></thead><tbody>${rows.join('')}</tbody><tfoot><tr><th colspan="7">${trips.length} trades (commissions ${commissions.toFixed(2)})</th><td id="trades-net-total" class="number">${netTotal.toFixed(2)}</td><td colspan="4"></td></tr></tfoot></table>`;
}

/** The blocked periods reported by the run, with their reasons; empty when there were none. */
export function blockedPanel(periods: readonly BlockedPeriod[]): string {
  if (periods.length === 0) return '';
  const show = (value: string | number | null) =>
    value === null
      ? 'end of data'
      : typeof value === 'number'
        ? time(value)
        : value.slice(0, 16).replace('T', ' ');
  const rows = periods.map(
    (period) =>
      `<tr><td>${escapeHtml(show(period.start))}</td><td>${escapeHtml(show(period.end))}</td><td>${escapeHtml(period.reason)}</td><td>${escapeHtml(period.detail ?? '')}</td></tr>`,
  );
  return `<h2>Blocked periods</h2><table id="blocked" class="grid"><thead><tr><th>From</th><th>To</th><th>Reason</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

interface StrategyEntry {
  name?: string;
  type?: string;
  params?: unknown;
  [key: string]: unknown;
}

/** Each configured strategy with its parameters (defaults filled in for built-in types) and the full config. */
export function configPanel(config: unknown): string {
  const root = (config ?? {}) as { services?: { strategy_evaluation?: { strategies?: StrategyEntry[] } } };
  const strategies = root.services?.strategy_evaluation?.strategies ?? [];
  const registry = StrategyRegistry.withBuiltins();
  const rows = strategies.map((entry) => {
    let params: unknown = entry.params ?? {};
    if (entry.type && registry.has(entry.type)) {
      const parsed = registry.get(entry.type).parameters.safeParse(params);
      if (parsed.success) params = parsed.data;
    }
    const { name, type, params: _params, ...rest } = entry;
    const parameterText = Object.entries(params as Record<string, unknown>)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join(', ');
    const restText = Object.entries(rest)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join(', ');
    return `<tr><td>${escapeHtml(name ?? '')}</td><td>${escapeHtml(type ?? '')}</td><td>${escapeHtml(parameterText || '-')}</td><td>${escapeHtml(restText || '-')}</td></tr>`;
  });
  const table =
    rows.length > 0
      ? `<table id="strategies" class="grid"><thead><tr><th>Strategy</th><th>Type</th><th>Parameters</th><th>Exits and filters</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p>No strategies configured.</p>';
  return `${table}<details><summary>Full configuration (secrets redacted)</summary><pre>${escapeHtml(JSON.stringify(config, null, 2) ?? 'null')}</pre></details>`;
}
