import type { Candle } from '../events/candle.js';
import { type BlockedPeriod, blockedTime, type EquityPoint, type RoundTrip } from './performanceSummary.js';

/** Charts stay responsive up to a few thousand bars; longer runs are drawn with merged bars. */
export const maxChartBars = 4_000;

type Point = { time: number; value: number };

/**
 * The series of report.html, times in epoch seconds, all on the drawn (possibly merged) bars' times so
 * that the panes line up bar for bar.
 *
 * @internal
 */
export interface ReportChartData {
  candles: Array<{ time: number; open: number; high: number; low: number; close: number }>;
  /** Empty when the data has no volume. */
  volume: Array<Point & { color: string }>;
  equity: Point[];
  buyAndHold: Point[];
  drawdown: Point[];
  /** 1 on every drawn bar that overlaps a blocked period. */
  blocked: Point[];
  markers: Array<{ time: number; position: string; color: string; shape: string; text: string }>;
  /** Bars merged into one drawn bar (1: every bar drawn). */
  mergedBars: number;
}

/** Merges every `factor` consecutive bars into one (open of the first, close of the last). */
function mergeBars(candles: readonly Candle[], factor: number): Candle[] {
  if (factor <= 1) return candles.slice();
  const merged: Candle[] = [];
  for (let start = 0; start < candles.length; start += factor) {
    const end = Math.min(start + factor, candles.length);
    const first = candles[start]!;
    let high = first.high;
    let low = first.low;
    let volume = 0;
    for (let index = start; index < end; index++) {
      const bar = candles[index]!;
      high = Math.max(high, bar.high);
      low = Math.min(low, bar.low);
      volume += bar.volume;
    }
    merged.push({ time: first.time, open: first.open, high, low, close: candles[end - 1]!.close, volume });
  }
  return merged;
}

/** Index of the drawn bar that contains `time` (the last one starting at or before it). */
function barIndex(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (times[middle]! <= time) low = middle;
    else high = middle - 1;
  }
  return low;
}

const seconds = (time: number) => Math.floor(time / 1000);

/**
 * Prepares the chart series: merged bars, volume, equity and its drawdown (the deepest inside each drawn
 * bar, measured from the running peak of every equity point given), buy and hold of the initial equity,
 * blocked spans and one marker per entry and exit.
 *
 * @internal
 */
export function reportChartData(input: {
  candles: readonly Candle[];
  trips: readonly RoundTrip[];
  equity: readonly EquityPoint[];
  initialEquity: number;
  blockedPeriods?: readonly BlockedPeriod[];
}): ReportChartData {
  const mergedBars = Math.max(1, Math.ceil(input.candles.length / maxChartBars));
  const drawn = mergeBars(input.candles, mergedBars);
  const times = drawn.map((bar) => bar.time);
  const candles = drawn.map((bar) => ({
    time: seconds(bar.time),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  }));
  const hasVolume = drawn.some((bar) => bar.volume > 0);
  const volume = hasVolume
    ? drawn.map((bar) => ({
        time: seconds(bar.time),
        value: bar.volume,
        color: bar.close >= bar.open ? 'rgba(26,127,55,0.35)' : 'rgba(207,34,46,0.35)',
      }))
    : [];

  const lastEquity = new Array<number | undefined>(drawn.length);
  const deepest = new Array<number>(drawn.length).fill(0);
  let peak = input.initialEquity;
  for (const point of input.equity) {
    if (drawn.length === 0) break;
    const index = barIndex(times, point.time);
    peak = Math.max(peak, point.equity);
    lastEquity[index] = point.equity;
    const depth = peak > 0 ? (peak - point.equity) / peak : 0;
    deepest[index] = Math.max(deepest[index]!, depth);
  }
  const equity: Point[] = [];
  const drawdown: Point[] = [];
  lastEquity.forEach((value, index) => {
    if (value === undefined) return;
    equity.push({ time: candles[index]!.time, value });
    drawdown.push({ time: candles[index]!.time, value: deepest[index]! > 0 ? -deepest[index]! * 100 : 0 });
  });
  const firstClose = input.candles[0]?.close ?? 0;
  const buyAndHold =
    firstClose > 0
      ? candles.map((bar) => ({ time: bar.time, value: (input.initialEquity * bar.close) / firstClose }))
      : [];

  const blocked: Point[] = [];
  const spans = (input.blockedPeriods ?? []).map((period) => ({
    start: blockedTime(period.start) ?? Number.NEGATIVE_INFINITY,
    end: blockedTime(period.end) ?? Number.POSITIVE_INFINITY,
  }));
  if (spans.length > 0) {
    drawn.forEach((bar, index) => {
      const barEnd = times[index + 1] ?? bar.time + 1;
      if (spans.some((span) => span.start < barEnd && span.end > bar.time)) {
        blocked.push({ time: candles[index]!.time, value: 1 });
      }
    });
  }

  const at = (time: number) => candles[barIndex(times, time)]?.time ?? seconds(time);
  const markers = input.trips
    .flatMap((trip) => {
      const long = trip.direction === 'long';
      return [
        {
          time: at(trip.entry_time),
          position: long ? 'belowBar' : 'aboveBar',
          color: long ? '#1a7f37' : '#cf222e',
          shape: long ? 'arrowUp' : 'arrowDown',
          text: `${long ? 'Buy' : 'Sell'} ${trip.strategy}`,
        },
        {
          time: at(trip.exit_time),
          position: long ? 'aboveBar' : 'belowBar',
          color: '#57606a',
          shape: 'circle',
          text: `Exit ${trip.exit_reason} ${trip.net_pnl.toFixed(2)}`,
        },
      ];
    })
    .sort((a, b) => a.time - b.time);
  return { candles, volume, equity, buyAndHold, drawdown, blocked, markers, mergedBars };
}
