import type { PerformanceSummary } from '../backtest/performanceSummary.js';

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
const fixed = (value: number | null, digits = 2) => (value === null ? 'n/a' : value.toFixed(digits));

/**
 * The backtest summary table printed at the end of `tradestate backtest`.
 *
 * @example
 * ```ts
 * io.stdout.write(formatBacktestSummary(result.summary));
 * ```
 */
export function formatBacktestSummary(summary: PerformanceSummary): string {
  const drawdown = summary.max_drawdown;
  const rows: Array<[string, string]> = [
    ['Period', `${summary.period.start} to ${summary.period.end} (${summary.period.days} days)`],
    ['Bars', String(summary.bars)],
    ['Trades', `${summary.trades} (${summary.winning_trades} won, ${summary.losing_trades} lost)`],
    ['Win rate', percent(summary.win_rate)],
    ['Total return', `${percent(summary.total_return)} (${fixed(summary.net_profit)})`],
    ['Annualized return', percent(summary.annualized_return)],
    [
      'Max drawdown',
      `${percent(drawdown.fraction)} (${fixed(drawdown.amount)}) from ${drawdown.peak_time ?? '-'} to ${drawdown.trough_time ?? '-'}`,
    ],
    ['Sharpe ratio', `${fixed(summary.sharpe_ratio)} (${summary.sharpe_annualization})`],
    ['Profit factor', fixed(summary.profit_factor)],
    ['Exposure', percent(summary.exposure)],
    ['Commissions paid', fixed(summary.commissions_paid)],
    ['Final equity', `${fixed(summary.final_equity)} (initial ${fixed(summary.initial_equity)})`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
