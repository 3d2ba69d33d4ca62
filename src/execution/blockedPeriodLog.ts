/**
 * One stretch of time in which new entries were blocked for a symbol. `end` is undefined while it lasts.
 *
 * @example
 * ```ts
 * const period: BlockedPeriodLogEntry = { symbol: 'EURUSD', start: 0, end: 3_600_000, reason: 'risk_breach', detail: 'max_drawdown: 20.30% >= limit 20%' };
 * ```
 */
export interface BlockedPeriod {
  symbol: string;
  /** Epoch milliseconds (market time) at which the block began. */
  start: number;
  /** When new entries were allowed again; undefined: blocked until the end of the run. */
  end?: number;
  /** The event-level reasons, comma-joined (`risk_breach`, `news_block`, ...). */
  reason: string;
  /** Which limit and by how much (`max_drawdown: 20.30% >= limit 20%`). */
  detail: string;
}

/**
 * Records every block the executor reports, so a run can say when and why it did not trade.
 *
 * @example
 * ```ts
 * const log = new BlockedPeriodLog();
 * const time = Date.parse('2025-01-06T10:00:00Z');
 * log.blocked('EURUSD', time, ['risk_breach'], ['max_daily_loss: loss 512.30 >= limit 500']);
 * log.authorized('EURUSD', time + 3_600_000);
 * const periods: BlockedPeriodLogEntry[] = log.periods(); // one period of an hour, reason 'risk_breach'
 * ```
 */
export class BlockedPeriodLog {
  private readonly closed: BlockedPeriod[] = [];
  private readonly open = new Map<string, BlockedPeriod>();
  /** Counts the changes: equal between two {@link snapshot}s means the same log (checkpoints skip it). */
  version = 0;

  /** A block began (or its reasons changed: the previous period ends here). */
  blocked(symbol: string, time: number, reasons: readonly string[], details: readonly string[]): void {
    this.authorized(symbol, time);
    this.version++;
    this.open.set(symbol, { symbol, start: time, reason: reasons.join(', '), detail: details.join('; ') });
  }

  /** New entries are allowed again. */
  authorized(symbol: string, time: number): void {
    const period = this.open.get(symbol);
    if (period === undefined) return;
    this.open.delete(symbol);
    this.version++;
    this.closed.push({ ...period, end: Math.max(time, period.start) });
  }

  /**
   * The whole log as JSON-serializable data (checkpoints). Taken at every cycle's end by a durable run,
   * so the periods are shared, not copied: none is changed in place once recorded (a period that ends is
   * replaced by a new object).
   */
  snapshot(): { closed: BlockedPeriod[]; open: BlockedPeriod[] } {
    return { closed: this.closed.slice(), open: [...this.open.values()] };
  }

  /** Replaces the log with a {@link snapshot}. */
  restore(state: { closed: BlockedPeriod[]; open: BlockedPeriod[] }): void {
    this.version++;
    this.closed.splice(0, this.closed.length, ...structuredClone(state.closed));
    this.open.clear();
    for (const period of state.open) this.open.set(period.symbol, { ...period });
  }

  /** Every period so far, by start time; those still open have no `end`. */
  periods(): BlockedPeriod[] {
    return [...this.closed, ...this.open.values()].sort((a, b) => a.start - b.start);
  }
}
