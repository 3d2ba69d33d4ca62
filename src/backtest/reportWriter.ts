import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle } from '../events/candle.js';
import type { EquityColumns } from '../store/equityChunks.js';
import { plainNumberText } from '../util/plainNumberText.js';
import type { BacktestInterruption } from './backtestRecords.js';
import { IsoTimeFormatter } from './isoTimeFormatter.js';
import type { BlockedPeriod, EquityPoint, PerformanceSummary, RoundTrip } from './performanceSummary.js';
import { renderReportHtml } from './reportHtml.js';

/**
 * Everything {@link writeBacktestReport} writes (report.json, trades.csv, equity.csv, report.html).
 *
 * @example
 * ```ts
 * declare const candles: Candle[], trips: RoundTrip[], equity: EquityPoint[], summary: PerformanceSummary;
 * const report: BacktestReport = { summary, trips, equity, candles, symbol: 'MSFT', config, data: { timeframe: '1440' } };
 * const files = writeBacktestReport('backtest-results', report);
 * ```
 */
export interface BacktestReport {
  summary: PerformanceSummary;
  trips: readonly RoundTrip[];
  equity: readonly EquityPoint[];
  candles: readonly Candle[];
  symbol: string;
  /** The resolved configuration the run used (secrets already redacted). */
  config: unknown;
  data: { file?: string; format?: string; timeframe: string; skipped_rows?: number };
  /** Spans in which new entries were refused; written to report.json and shaded in report.html. */
  blocked_periods?: readonly BlockedPeriod[];
  /**
   * The symbol's price step (e.g. `'0.00001'`); by default `trading.instruments.<symbol>.tick_size` of the
   * configuration, else read from the bars' decimals.
   */
  tickSize?: number | string;
  /** What supervision did during the replay (failures, restarts, escalation, affected period). */
  supervision?: unknown;
  /** Margin calls (stop-outs) and orders the broker refused, by reason. */
  margin?: BacktestMargin;
  /** Set when a signal stopped the replay early: the report covers the bars up to `at`. */
  interrupted?: BacktestInterruption;
}

/**
 * Margin figures of a backtest.
 *
 * @example
 * ```ts
 * const margin: BacktestMargin = { margin_calls: 0, rejected_orders: 2, rejections: { insufficient_margin: 2 } };
 * ```
 */
export interface BacktestMargin {
  margin_calls: number;
  rejected_orders: number;
  rejections: Record<string, number>;
  /** Working orders cancelled, by reason: `limit_expired` for a limit entry the market never reached. */
  cancellations?: Record<string, number>;
}

/** How every time in report.json, trades.csv and equity.csv is to be read (written into report.json). */
export const TIME_CONVENTION =
  'UTC, ISO-8601, stamped with the opening time of a bar: a fill (entry_time, exit_time) carries the opening ' +
  'time of the bar it happened in (the next bar after the decision with fill_price next_open; stops and ' +
  'targets the bar that reached them); an equity row shows the account at the close of the bar opened at its time.';

const tradeColumns = [
  'entry_time',
  'exit_time',
  'symbol',
  'strategy',
  'direction',
  'size',
  'entry_price',
  'exit_price',
  'gross_pnl',
  'commission',
  'net_pnl',
  'exit_reason',
] as const;

/** `trading.instruments.<symbol>.tick_size` of the run's configuration, when set. */
function configuredTickSize(config: unknown, symbol: string): number | undefined {
  const instruments = (config as { trading?: { instruments?: Record<string, { tick_size?: unknown }> } })
    ?.trading?.instruments;
  const tick = instruments?.[symbol]?.tick_size;
  return typeof tick === 'number' && tick > 0 ? tick : undefined;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per round trip; times in ISO-8601 UTC. Deterministic: the same trips give the same bytes. */
export function tradesCsv(trips: readonly RoundTrip[]): string {
  const lines = [tradeColumns.join(',')];
  for (const trip of trips) {
    lines.push(
      [
        new Date(trip.entry_time).toISOString(),
        new Date(trip.exit_time).toISOString(),
        trip.symbol,
        trip.strategy,
        trip.direction,
        trip.size,
        // 0.00000012, not 1.2e-7: a coin's price as a person and a spreadsheet read it.
        plainNumberText(trip.entry_price),
        plainNumberText(trip.exit_price),
        trip.gross_pnl.toFixed(2),
        trip.commission.toFixed(2),
        trip.net_pnl.toFixed(2),
        trip.exit_reason,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function equityCsv(equity: readonly EquityPoint[]): string {
  const lines = [equityCsvHeader];
  const rows = new EquityCsvRows();
  for (const point of equity) lines.push(rows.row(point.time, point.balance, point.equity, point.in_market));
  return `${lines.join('\n')}\n`;
}

/**
 * {@link equityCsv} of points held as columns (a backtest's curve, a block at a time), with the header
 * line or without it (a block after the first): no object per point.
 */
export function equityCsvColumns(columns: EquityColumns, header: boolean): string {
  const lines = header ? [equityCsvHeader] : [];
  const rows = new EquityCsvRows();
  const { time, balance, equity, inMarket } = columns;
  for (let index = 0; index < time.length; index++)
    lines.push(rows.row(time[index]!, balance[index]!, equity[index]!, inMarket[index] === 1));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const equityCsvHeader = 'time,balance,equity,in_market';

/** The lines of equity.csv, one point after the other. */
class EquityCsvRows {
  private readonly times = new IsoTimeFormatter();
  // The balance changes only with a fill, and out of the market the equity is usually the balance:
  // reuse the last rendering of a number instead of formatting it again.
  private balance = Number.NaN;
  private balanceText = '';

  row(time: number, balance: number, equity: number, inMarket: boolean): string {
    if (balance !== this.balance) {
      this.balance = balance;
      this.balanceText = balance.toFixed(2);
    }
    const equityText = equity === this.balance ? this.balanceText : equity.toFixed(2);
    return `${this.times.format(time)},${this.balanceText},${equityText},${inMarket ? 1 : 0}`;
  }
}

/**
 * Writes `report.json`, `trades.csv`, `equity.csv` and `report.html` into `directory` (created if
 * missing) and returns the paths.
 *
 * @example
 * ```ts
 * declare const report: BacktestReport;
 * const files = writeBacktestReport('./backtest-results/run1', report);
 * console.log(files.html);
 * ```
 */
export function writeBacktestReport(directory: string, report: BacktestReport) {
  mkdirSync(directory, { recursive: true });
  const files = {
    json: join(directory, 'report.json'),
    trades: join(directory, 'trades.csv'),
    equity: join(directory, 'equity.csv'),
    html: join(directory, 'report.html'),
  };
  writeFileSync(
    files.json,
    `${JSON.stringify(
      {
        summary: report.summary,
        blocked_periods: report.blocked_periods ?? [],
        ...(report.margin ? { margin: report.margin } : {}),
        ...(report.supervision === undefined ? {} : { supervision: report.supervision }),
        ...(report.interrupted === undefined ? {} : { interrupted: report.interrupted }),
        time_convention: TIME_CONVENTION,
        data: report.data,
        config: report.config,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(files.trades, tradesCsv(report.trips));
  const tickSize = report.tickSize ?? configuredTickSize(report.config, report.symbol);
  writeFileSync(files.equity, equityCsv(report.equity));
  writeFileSync(
    files.html,
    renderReportHtml({
      title: `tradestate backtest: ${report.symbol} ${report.summary.period.start.slice(0, 10)} to ${report.summary.period.end.slice(0, 10)}`,
      symbol: report.symbol,
      candles: report.candles,
      trips: report.trips,
      equity: report.equity,
      summary: report.summary,
      config: report.config,
      ...(report.blocked_periods ? { blockedPeriods: report.blocked_periods } : {}),
      ...(tickSize !== undefined ? { tickSize } : {}),
    }),
  );
  return files;
}
