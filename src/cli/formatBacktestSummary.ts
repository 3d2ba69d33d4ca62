import { formatDuration } from '../backtest/formatDuration.js';
import type { PerformanceSummary } from '../backtest/performanceSummary.js';
import type { TradeGroupStatistics } from '../backtest/tradeStatistics.js';

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`);
const fixed = (value: number | null, digits = 2) => (value === null ? 'n/a' : value.toFixed(digits));
const date = (value: string | null) => value?.slice(0, 10) ?? '-';

type Rows = Array<[string, string]>;

/** Label/value rows padded to one block of lines, values right-aligned (numbers) or left-aligned (text). */
function block(rows: Rows, alignValues: 'right' | 'left' = 'right'): string[] {
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const align = (value: string) => (alignValues === 'right' ? value.padStart(valueWidth) : value);
  return rows.map(([label, value]) => `${label.padEnd(labelWidth)}  ${align(value)}`);
}

/** Blocks side by side, each under its title. */
function columns(blocks: Array<{ title: string; rows: Rows }>): string {
  const rendered = blocks.map(({ title, rows }) => {
    const lines = block(rows);
    const width = Math.max(title.length, ...lines.map((line) => line.length));
    return {
      width,
      lines: [title.padEnd(width), '-'.repeat(width), ...lines.map((line) => line.padEnd(width))],
    };
  });
  const height = Math.max(...rendered.map(({ lines }) => lines.length));
  const out: string[] = [];
  for (let row = 0; row < height; row++) {
    out.push(
      rendered
        .map(({ width, lines }) => lines[row] ?? ' '.repeat(width))
        .join('   ')
        .trimEnd(),
    );
  }
  return out.join('\n');
}

const groupHeader = ['', 'Trades', 'Win rate', 'Net PnL', 'P. factor', 'Avg trade', 'Expectancy', 'Avg time'];

function groupRow(name: string, group: TradeGroupStatistics): string[] {
  return [
    name,
    String(group.trades),
    percent(group.win_rate),
    fixed(group.net_profit),
    fixed(group.profit_factor),
    percent(group.average_trade),
    fixed(group.expectancy),
    formatDuration(group.average_duration_days),
  ];
}

/** The trades split by direction, strategy and exit reason, as one aligned table. */
function breakdown(summary: PerformanceSummary): string {
  const rows = [
    groupRow('long', summary.by_direction.long),
    groupRow('short', summary.by_direction.short),
    ...Object.entries(summary.by_strategy).map(([name, group]) => groupRow(`strategy ${name}`, group)),
    ...Object.entries(summary.by_exit_reason).map(([name, group]) => groupRow(`exit ${name}`, group)),
  ];
  const table = [groupHeader, ...rows];
  const widths = groupHeader.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}

/**
 * The backtest summary printed at the end of `tradestate backtest`: period and equity, then returns,
 * drawdowns and trades side by side, then the trades split by direction, strategy and exit reason.
 *
 * @example
 * ```ts
 * io.stdout.write(formatBacktestSummary(result.summary));
 * ```
 */
export function formatBacktestSummary(summary: PerformanceSummary): string {
  const drawdown = summary.max_drawdown;
  const head = block(
    [
      [
        'Period',
        `${date(summary.period.start)} to ${date(summary.period.end)} (${summary.period.days} days, ${summary.bars} bars)`,
      ],
      [
        'Equity',
        `${fixed(summary.initial_equity)} -> ${fixed(summary.final_equity)} (net ${fixed(summary.net_profit)}, commissions ${fixed(summary.commissions_paid)})`,
      ],
      ...(summary.blocked
        ? ([
            [
              'Blocked',
              `${summary.blocked.periods} periods, ${summary.blocked.days} days (${percent(summary.blocked.fraction_of_period)} of the period)`,
            ],
          ] as Rows)
        : []),
    ],
    'left',
  );
  const table = columns([
    {
      title: 'Returns',
      rows: [
        ['Total return', percent(summary.total_return)],
        ['Buy and hold', percent(summary.buy_and_hold_return)],
        ['CAGR', percent(summary.annualized_return)],
        ['Volatility', percent(summary.annualized_volatility)],
        ['Sharpe ratio', fixed(summary.sharpe_ratio)],
        ['Sortino ratio', fixed(summary.sortino_ratio)],
        ['Calmar ratio', fixed(summary.calmar_ratio)],
        ['Exposure', percent(summary.exposure)],
      ],
    },
    {
      title: 'Drawdown',
      rows: [
        ['Max drawdown', percent(drawdown.fraction)],
        ['Drawdown amount', fixed(drawdown.amount)],
        ['Peak', date(drawdown.peak_time)],
        ['Trough', date(drawdown.trough_time)],
        ['Average drawdown', percent(summary.average_drawdown)],
        ['Max duration', formatDuration(summary.max_drawdown_duration_days)],
        ['Average duration', formatDuration(summary.average_drawdown_duration_days)],
        ['Drawdown periods', String(summary.drawdown_periods)],
      ],
    },
    {
      title: 'Trades',
      rows: [
        ['Trades', `${summary.trades} (${summary.winning_trades} won)`],
        ['Win rate', percent(summary.win_rate)],
        ['Profit factor', fixed(summary.profit_factor)],
        ['Best / worst', `${percent(summary.best_trade)} / ${percent(summary.worst_trade)}`],
        ['Average trade', percent(summary.average_trade)],
        ['Expectancy', fixed(summary.expectancy)],
        ['SQN', fixed(summary.sqn)],
        [
          'Time max / avg',
          `${formatDuration(summary.max_trade_duration_days)} / ${formatDuration(summary.average_trade_duration_days)}`,
        ],
      ],
    },
  ]);
  const trades = summary.trades > 0 ? `\n\n${breakdown(summary)}` : '';
  return `${head.join('\n')}\n\n${table}${trades}\n\nVolatility, Sharpe, Sortino: ${summary.sharpe_annualization}.\n`;
}
