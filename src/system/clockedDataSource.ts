import type { Candle } from '../events/candle.js';
import type { DataSource } from '../market/dataSource.js';
import type { SimulatedClock } from '../util/clock.js';

/**
 * Moves a simulated clock to the close of every bar pulled from the wrapped source, so that in replays
 * and backtests every event, log line, timeout and health check happens at market time.
 *
 * @example
 * ```ts
 * const source = new ClockedDataSource(csvSource, clock, 86_400_000);
 * ```
 */
export class ClockedDataSource implements DataSource {
  readonly name: string;
  readonly baseTimeframe: string | undefined;

  constructor(
    private readonly source: DataSource,
    private readonly clock: SimulatedClock,
    private readonly barMilliseconds: number,
  ) {
    this.name = source.name;
    this.baseTimeframe = source.baseTimeframe;
  }

  next(symbol: string): Promise<Candle | undefined> | Candle | undefined {
    const result = this.source.next(symbol);
    if (result instanceof Promise) return this.advanceWhenDone(result);
    return this.advance(result);
  }

  isExhausted(symbol: string): boolean {
    return this.source.isExhausted(symbol);
  }

  close(): Promise<void> | void {
    return this.source.close?.();
  }

  /**
   * The asynchronous case in its own method: a closure over `this` inside {@link next} would give every
   * call (one per bar) a context object to allocate.
   */
  private advanceWhenDone(pending: Promise<Candle | undefined>): Promise<Candle | undefined> {
    return pending.then((bar) => this.advance(bar));
  }

  private advance(bar: Candle | undefined): Candle | undefined {
    if (bar) this.clock.advanceTo(bar.time + this.barMilliseconds);
    return bar;
  }
}
