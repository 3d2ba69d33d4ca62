import type { EquityColumns } from '../store/equityChunks.js';
import type { EquityPoint } from './backtestRecords.js';
import { EquityRecorder } from './equityRecorder.js';

const dayMs = 86_400_000;
/** Trading days per year of a market closed at weekends: the annualisation basis of daily figures. */
export const tradingDaysPerYear = 252;
/** Days per year of a market that trades every day (crypto): its daily returns are annualised with 365. */
export const calendarDaysPerYear = 365;

/**
 * The annualisation basis of the daily returns of a curve whose UTC days are `days` (day numbers since the
 * epoch, ascending): 365 when the market trades at weekends — bars on most of the Saturdays the span holds
 * (crypto trades 24/7) — else 252. Saturday, not Sunday: FX opens on Sunday evening, Middle East exchanges
 * trade on Sundays, and both have about 252 trading days a year.
 */
function daysPerYear(days: readonly number[]): number {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return tradingDaysPerYear;
  // Day 0 (1970-01-01) was a Thursday: day d is a Saturday when (d + 4) % 7 === 6.
  const isSaturday = (day: number) => (day + 4) % 7 === 6;
  let saturdays = 0;
  for (let day = first; day <= last; day++) if (isSaturday(day)) saturdays++;
  const traded = days.filter(isSaturday).length;
  return saturdays > 0 && traded * 2 > saturdays ? calendarDaysPerYear : tradingDaysPerYear;
}

/**
 * What the equity curve alone tells: drawdowns (deepest, average, durations), daily-return risk figures and
 * exposure. Internal to {@link summarizePerformance}; exported for its tests.
 *
 * @internal
 */
export interface EquityStatistics {
  maxDrawdown: { fraction: number; amount: number; peakTime: number | null; troughTime: number | null };
  /** One entry per drawdown period: from a peak until equity is back at that peak (or the data ends). */
  drawdowns: Array<{ depth: number; peakTime: number; endTime: number; recovered: boolean }>;
  dailyReturns: number[];
  sharpe: number | null;
  volatility: number | null;
  sortino: number | null;
  /** The annualisation basis of `sharpe`, `volatility` and `sortino`: 365 for a market open every day, else 252. */
  daysPerYear: number;
  barsInMarket: number;
}

/**
 * The curve as blocks of columns: a recorder's own (no copy), or an array's copied into one block. The
 * walk then reads plain doubles: over the recorder's array view it paid a Proxy trap, a generator step and a
 * point object per point, on every bar of every backtest, and V8 compiled that loop (and replaced it on the
 * stack) anew in each worker of an optimisation job.
 */
function columnsOf(equity: readonly EquityPoint[] | EquityRecorder): Iterable<EquityColumns> {
  if (equity instanceof EquityRecorder) return equity.columns(0);
  const columns: EquityColumns = {
    time: new Float64Array(equity.length),
    balance: new Float64Array(equity.length),
    equity: new Float64Array(equity.length),
    inMarket: new Uint8Array(equity.length),
  };
  equity.forEach((point, index) => {
    columns.time[index] = point.time;
    columns.balance[index] = point.balance;
    columns.equity[index] = point.equity;
    columns.inMarket[index] = point.in_market ? 1 : 0;
  });
  return [columns];
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Walks the equity curve once. A drawdown period opens when equity falls below its running peak and closes
 * at the first point whose equity is back at or above that peak; an unrecovered one ends at the last point.
 * Daily returns are close-to-close of each UTC day present in the data, the first against the initial
 * equity, annualised with 252 days, or 365 when the data trades at weekends; the risk-free rate is 0.
 *
 * @internal
 */
export function equityStatistics(
  equity: readonly EquityPoint[] | EquityRecorder,
  initialEquity: number,
): EquityStatistics {
  const startTime = equity.at(0)?.time ?? 0;
  let peak = initialEquity;
  let peakTime = startTime;
  let maxFraction = 0;
  let maxAmount = 0;
  let maxPeakTime: number | null = null;
  let troughTime: number | null = null;
  let barsInMarket = 0;
  const drawdowns: EquityStatistics['drawdowns'] = [];
  let open: EquityStatistics['drawdowns'][number] | undefined;
  const dailyClose = new Map<number, number>();
  for (const block of columnsOf(equity)) {
    for (let index = 0; index < block.time.length; index++) {
      const time = block.time[index]!;
      const value = block.equity[index]!;
      const inMarket = block.inMarket[index] === 1;
      if (inMarket) barsInMarket++;
      if (value >= peak) {
        if (open) {
          open.endTime = time;
          open.recovered = true;
          open = undefined;
        }
        if (value > peak) {
          peak = value;
          peakTime = time;
        }
      }
      const amount = peak - value;
      const fraction = peak > 0 ? amount / peak : 0;
      if (fraction > 0) {
        if (!open) {
          open = { depth: 0, peakTime, endTime: time, recovered: false };
          drawdowns.push(open);
        }
        open.depth = Math.max(open.depth, fraction);
        open.endTime = time;
      }
      if (fraction > maxFraction) {
        maxFraction = fraction;
        maxAmount = amount;
        maxPeakTime = peakTime;
        troughTime = time;
      }
      dailyClose.set(Math.floor(time / dayMs), value);
    }
  }

  const dailyReturns: number[] = [];
  let previous = initialEquity;
  for (const close of dailyClose.values()) {
    dailyReturns.push(previous > 0 ? close / previous - 1 : 0);
    previous = close;
  }
  const basis = daysPerYear([...dailyClose.keys()]);
  let sharpe: number | null = null;
  let volatility: number | null = null;
  let sortino: number | null = null;
  if (dailyReturns.length >= 2) {
    const average = mean(dailyReturns);
    const deviation = Math.sqrt(
      dailyReturns.reduce((sum, r) => sum + (r - average) ** 2, 0) / (dailyReturns.length - 1),
    );
    const annualisation = Math.sqrt(basis);
    sharpe = deviation > 0 ? (average / deviation) * annualisation : null;
    volatility = deviation * annualisation;
    // Downside deviation against a target of 0, over all days (days without a loss count as 0).
    const downside = Math.sqrt(mean(dailyReturns.map((r) => Math.min(r, 0) ** 2)));
    sortino = downside > 0 ? (average / downside) * annualisation : null;
  }
  return {
    maxDrawdown: { fraction: maxFraction, amount: maxAmount, peakTime: maxPeakTime, troughTime },
    drawdowns,
    dailyReturns,
    sharpe,
    volatility,
    sortino,
    daysPerYear: basis,
    barsInMarket,
  };
}
