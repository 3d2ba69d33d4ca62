import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candle } from '../events/candle.js';
import type { EquityPoint, PerformanceSummary, RoundTrip } from './performanceSummary.js';

let chartLibrary: string | undefined;

/** The charting library's standalone build, inlined so the report works offline from a single file. */
function chartLibrarySource(): string {
  // The package's export map hides the standalone build, so locate it beside the module entry point.
  const entry = fileURLToPath(import.meta.resolve('lightweight-charts'));
  chartLibrary ??= readFileSync(join(dirname(entry), 'lightweight-charts.standalone.production.js'), 'utf8');
  return chartLibrary;
}

/**
 * What {@link renderReportHtml} draws: the bars, the round trips, the equity curve and the summary.
 *
 * @example
 * ```ts
 * const html = renderReportHtml({ title: 'MSFT', symbol: 'MSFT', candles, trips, equity, summary });
 * ```
 */
export interface ReportInput {
  title: string;
  symbol: string;
  candles: readonly Candle[];
  trips: readonly RoundTrip[];
  equity: readonly EquityPoint[];
  summary: PerformanceSummary;
  /** Decimals shown on the price axis; by default from the price level (5 for FX near 1, 2 above 100). */
  pricePrecision?: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON inside a <script> must not be able to close the tag. */
const embedJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function summaryRows(summary: PerformanceSummary): Array<[string, string]> {
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  const number = (value: number | null, digits = 2) => (value === null ? 'n/a' : value.toFixed(digits));
  return [
    ['Period', `${summary.period.start.slice(0, 10)} to ${summary.period.end.slice(0, 10)}`],
    ['Bars', String(summary.bars)],
    ['Trades', String(summary.trades)],
    ['Win rate', percent(summary.win_rate)],
    ['Total return', percent(summary.total_return)],
    ['Annualized return', percent(summary.annualized_return)],
    [
      'Max drawdown',
      `${percent(summary.max_drawdown.fraction)} (${summary.max_drawdown.amount.toFixed(2)}), ${
        summary.max_drawdown.peak_time?.slice(0, 10) ?? '-'
      } to ${summary.max_drawdown.trough_time?.slice(0, 10) ?? '-'}`,
    ],
    ['Sharpe ratio', `${number(summary.sharpe_ratio)} (${summary.sharpe_annualization})`],
    ['Profit factor', number(summary.profit_factor)],
    ['Exposure', percent(summary.exposure)],
    ['Commissions', summary.commissions_paid.toFixed(2)],
    ['Final equity', summary.final_equity.toFixed(2)],
  ];
}

/** Charts stay responsive up to a few thousand bars; longer runs are drawn with merged bars. */
const maxChartBars = 5_000;

/** Merges every `factor` consecutive bars into one (open of the first, close of the last). */
function mergeBars(candles: readonly Candle[], factor: number): Candle[] {
  if (factor <= 1) return candles.slice();
  const merged: Candle[] = [];
  for (let start = 0; start < candles.length; start += factor) {
    const group = candles.slice(start, start + factor);
    const first = group[0]!;
    merged.push({
      time: first.time,
      open: first.open,
      high: Math.max(...group.map((bar) => bar.high)),
      low: Math.min(...group.map((bar) => bar.low)),
      close: group[group.length - 1]!.close,
      volume: group.reduce((sum, bar) => sum + bar.volume, 0),
    });
  }
  return merged;
}

/** The time of the drawn bar that contains `time` (markers must sit on a drawn bar). */
function snapTime(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (times[middle]! <= time) low = middle;
    else high = middle - 1;
  }
  return times[low] ?? time;
}

/**
 * Renders the backtest as one self-contained HTML page (no network): a candlestick chart with entry and
 * exit markers, the equity curve, the drawdown, and the summary table. The page sets
 * `window.tradestateReport = { ready, markers, charts }` once drawn, which the browser test reads.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderReportHtml({ title: 'EURUSD backtest', symbol: 'EURUSD', candles, trips, equity, summary }));
 * ```
 */
export function renderReportHtml(input: ReportInput): string {
  const toSeconds = (time: number) => Math.floor(time / 1000);
  const factor = Math.ceil(input.candles.length / maxChartBars);
  const drawn = mergeBars(input.candles, factor);
  const drawnTimes = drawn.map((bar) => bar.time);
  const candles = drawn.map((bar) => ({
    time: toSeconds(bar.time),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  }));
  const markers = input.trips
    .flatMap((trip) => [
      {
        time: toSeconds(snapTime(drawnTimes, trip.entry_time)),
        position: trip.direction === 'long' ? 'belowBar' : 'aboveBar',
        color: trip.direction === 'long' ? '#1a7f37' : '#cf222e',
        shape: trip.direction === 'long' ? 'arrowUp' : 'arrowDown',
        text: `${trip.direction === 'long' ? 'Buy' : 'Sell'} ${trip.strategy}`,
      },
      {
        time: toSeconds(snapTime(drawnTimes, trip.exit_time)),
        position: trip.direction === 'long' ? 'aboveBar' : 'belowBar',
        color: '#57606a',
        shape: 'circle',
        text: `Exit ${trip.exit_reason} ${trip.net_pnl.toFixed(2)}`,
      },
    ])
    .sort((a, b) => a.time - b.time);
  let peak = Number.NEGATIVE_INFINITY;
  const equity: Array<{ time: number; value: number }> = [];
  const drawdown: Array<{ time: number; value: number }> = [];
  const equityStep = Math.ceil(input.equity.length / maxChartBars);
  input.equity.forEach((point, index) => {
    peak = Math.max(peak, point.equity);
    // Keep every step-th point and the last one; the drawdown's deepest values stay visible through the peak.
    if (index % equityStep !== equityStep - 1 && index !== input.equity.length - 1) return;
    equity.push({ time: toSeconds(point.time), value: point.equity });
    drawdown.push({
      time: toSeconds(point.time),
      value: peak > 0 ? -((peak - point.equity) / peak) * 100 : 0,
    });
  });
  const lastClose = input.candles[input.candles.length - 1]?.close ?? 1;
  const precision = input.pricePrecision ?? (lastClose >= 100 ? 2 : lastClose >= 10 ? 3 : 5);
  const rows = summaryRows(input.summary)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
h1 { font-size: 1.3rem; } h2 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid #d0d7de; }
.chart { width: 100%; height: 420px; } .small { height: 220px; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<table id="summary">${rows}</table>
<h2>${escapeHtml(input.symbol)} price, entries and exits</h2>
<div id="price" class="chart"></div>
<h2>Equity</h2>
<div id="equity" class="chart small"></div>
<h2>Drawdown (%)</h2>
<div id="drawdown" class="chart small"></div>
<script>${chartLibrarySource()}</script>
<script>
(function () {
  var L = window.LightweightCharts;
  var data = ${embedJson({ candles, markers, equity, drawdown })};
  var options = { autoSize: true, timeScale: { timeVisible: true }, layout: { attributionLogo: false } };
  var price = L.createChart(document.getElementById('price'), options);
  var candles = price.addSeries(L.CandlestickSeries, { priceFormat: { type: 'price', precision: ${precision}, minMove: ${10 ** -precision} } });
  candles.setData(data.candles);
  var markerLayer = L.createSeriesMarkers(candles, data.markers);
  price.timeScale().fitContent();
  var equityChart = L.createChart(document.getElementById('equity'), options);
  equityChart.addSeries(L.LineSeries, { color: '#0969da' }).setData(data.equity);
  equityChart.timeScale().fitContent();
  var drawdownChart = L.createChart(document.getElementById('drawdown'), options);
  drawdownChart.addSeries(L.AreaSeries, { lineColor: '#cf222e', topColor: 'rgba(207,34,46,0.05)', bottomColor: 'rgba(207,34,46,0.4)' }).setData(data.drawdown);
  drawdownChart.timeScale().fitContent();
  window.tradestateReport = { ready: true, markers: markerLayer.markers().length, charts: 3 };
})();
</script>
</body>
</html>
`;
}
