/**
 * Account value after each base bar.
 *
 * @example
 * ```ts
 * const point: EquityPoint = { time: Date.now(), balance: 10_000, equity: 10_050, in_market: true };
 * ```
 */
export interface EquityPoint {
  time: number;
  balance: number;
  equity: number;
  /** Whether any position was open at this bar's close. */
  in_market: boolean;
}

/**
 * A span during which new entries were refused (risk limit, stale data, failed service), as in report.json's
 * `blocked_periods`. Times are ISO-8601 UTC strings or epoch milliseconds; `end` null while still blocked.
 *
 * @example
 * ```ts
 * const period: BlockedPeriod = { start: '2024-03-01T10:00:00Z', end: null, reason: 'max_drawdown', detail: '20.3% >= 20%' };
 * ```
 */
export interface BlockedPeriod {
  start: string | number;
  end: string | number | null;
  reason: string;
  detail?: string;
}

/**
 * Where an interrupted backtest stopped (see `BacktestOptions.signal` of `runBacktest`).
 *
 * @example
 * ```ts
 * const interrupted: BacktestInterruption = { reason: 'SIGINT', at: '2024-01-03T10:00:00.000Z', bars: 1200 };
 * ```
 */
export interface BacktestInterruption {
  /** The abort reason as text (the CLI gives the signal's name). */
  reason: string;
  /** Time of the last bar replayed (ISO-8601); null when none was. */
  at: string | null;
  /** Base bars replayed, those of a resumed run's earlier part included. */
  bars: number;
}
