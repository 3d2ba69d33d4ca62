import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candle } from '../events/candle.js';
import type { BlockedPeriod, EquityPoint, PerformanceSummary, RoundTrip } from './performanceSummary.js';
import { inferPriceFormat, priceFormatFromTick } from './priceFormat.js';
import { reportChartData } from './reportChartData.js';
import {
  blockedPanel,
  breakdownPanel,
  configPanel,
  escapeHtml,
  statisticsPanel,
  tradesPanel,
} from './reportPanels.js';
import { reportScript } from './reportScript.js';

let chartLibrary: string | undefined;

/** The charting library's standalone build, inlined so the report works offline from a single file. */
function chartLibrarySource(): string {
  // The package's export map hides the standalone build, so locate it beside the module entry point.
  const entry = fileURLToPath(import.meta.resolve('lightweight-charts'));
  chartLibrary ??= readFileSync(join(dirname(entry), 'lightweight-charts.standalone.production.js'), 'utf8');
  return chartLibrary;
}

/**
 * What {@link renderReportHtml} draws: the bars, the round trips, the equity curve, the summary and,
 * when given, the configuration and the blocked periods.
 *
 * @example
 * ```ts
 * declare const candles: Candle[], trips: RoundTrip[], equity: EquityPoint[], summary: PerformanceSummary;
 * const html = renderReportHtml({ title: 'EURUSD', symbol: 'EURUSD', candles, trips, equity, summary, tickSize: '0.00001' });
 * ```
 */
export interface ReportInput {
  title: string;
  symbol: string;
  candles: readonly Candle[];
  trips: readonly RoundTrip[];
  equity: readonly EquityPoint[];
  summary: PerformanceSummary;
  /** Smallest price step (e.g. `'0.00001'` for EURUSD, `0.01` for a stock); by default read from the bars' decimals. */
  tickSize?: number | string;
  /** The resolved configuration (secrets redacted), shown with each strategy's parameters. */
  config?: unknown;
  blockedPeriods?: readonly BlockedPeriod[];
}

/** JSON inside a <script> must not be able to close the tag. */
const embedJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const style = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
h1 { font-size: 1.3rem; margin-bottom: .3rem; } h2 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { text-align: left; padding: .2rem .7rem .2rem 0; border-bottom: 1px solid #d0d7de; white-space: nowrap; }
.panels { display: flex; flex-wrap: wrap; gap: 2.5rem; }
.stats caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
.stats td, .number { text-align: right; font-variant-numeric: tabular-nums; }
.grid thead th { background: #f6f8fa; position: sticky; top: 0; }
.sortable thead th { cursor: pointer; } .sortable tbody tr { cursor: pointer; } .sortable tbody tr:hover { background: #f6f8fa; }
th[aria-sort=ascending]::after { content: ' \\25B2'; } th[aria-sort=descending]::after { content: ' \\25BC'; }
.win { color: #1a7f37; } .loss { color: #cf222e; }
.note { color: #57606a; font-size: .8rem; max-width: 70rem; }
.legend { font-size: .8rem; color: #57606a; }
.legend span { display: inline-block; width: .8rem; height: .8rem; vertical-align: middle; margin: 0 .3rem 0 1rem; }
#chart { position: relative; width: 100%; height: 720px; }
#tooltip { display: none; position: absolute; z-index: 3; pointer-events: none; white-space: pre; font: 12px ui-monospace, monospace;
  background: rgba(255,255,255,.95); border: 1px solid #d0d7de; border-radius: 4px; padding: .4rem .5rem; }
.scroll { max-height: 32rem; overflow: auto; }
pre { font-size: .75rem; background: #f6f8fa; padding: .6rem; overflow: auto; max-height: 30rem; }
`;

/**
 * Renders the backtest as one self-contained HTML page (no network): the statistics, one chart with
 * price (candles, volume, entry and exit markers), equity against buy and hold, and drawdown on one time
 * axis, blocked periods shaded, an OHLC tooltip, the trades split by direction, strategy and exit reason, a
 * sortable trades table, and the strategies' parameters with the configuration. The price axis uses the
 * tick size's decimals. The page sets `window.tradestateReport = { ready, markers, panes }` once drawn.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 *
 * declare const candles: Candle[], trips: RoundTrip[], equity: EquityPoint[], summary: PerformanceSummary;
 * writeFileSync('report.html', renderReportHtml({ title: 'EURUSD backtest', symbol: 'EURUSD', candles, trips, equity, summary }));
 * ```
 */
export function renderReportHtml(input: ReportInput): string {
  const priceFormat =
    input.tickSize !== undefined ? priceFormatFromTick(input.tickSize) : inferPriceFormat(input.candles);
  const chart = reportChartData({
    candles: input.candles,
    trips: input.trips,
    equity: input.equity,
    initialEquity: input.summary.initial_equity,
    ...(input.blockedPeriods ? { blockedPeriods: input.blockedPeriods } : {}),
  });
  const spacing = (input.candles[1]?.time ?? 0) - (input.candles[0]?.time ?? 0);
  const payload = { ...chart, priceFormat, intraday: spacing > 0 && spacing < 86_400_000 };
  const merged = chart.mergedBars > 1 ? ` Each drawn bar merges ${chart.mergedBars} bars of the data.` : '';
  const blocked =
    chart.blocked.length > 0 ? '<span style="background: rgba(191,135,0,0.3)"></span>blocked' : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<section id="statistics">${statisticsPanel(input.summary)}</section>
<h2>${escapeHtml(input.symbol)}: price and trades, equity, drawdown</h2>
<p class="legend"><span style="background:#1a7f37"></span>long entry<span style="background:#cf222e"></span>short entry<span style="background:#57606a;border-radius:50%"></span>exit<span style="background:#0969da"></span>equity<span style="background:#8c959f"></span>buy and hold${blocked}. Zoom in (wheel, drag) to label the markers; hover for prices and trades.${merged}</p>
<div id="chart"><div id="tooltip"></div></div>
<h2>Trades by direction, strategy and exit reason</h2>
${breakdownPanel(input.summary)}
${blockedPanel(input.blockedPeriods ?? [])}
<h2>Trades</h2>
<p class="note">Click a column to sort, a row to show the trade on the chart. Return: the price move, signed by side, before commissions; PnL net of both legs' commissions.</p>
<div class="scroll">${tradesPanel(input.trips, priceFormat)}</div>
<h2>Strategies and configuration</h2>
${configPanel(input.config)}
<script id="report-data" type="application/json">${embedJson(payload)}</script>
<script>${chartLibrarySource()}</script>
<script>${reportScript}</script>
</body>
</html>
`;
}
