/**
 * A source of time: `now()` plus timers. tradestate uses two of them (see the README's "Supervision"):
 * **market time** stamps candles, events, fills and logs (simulated in backtests), and **control time**
 * (monotonic wall time) measures what the process itself experiences: lifecycle timeouts, backoff, restart
 * windows and health checks. It is a superset of XState's `Clock`, so the same object can be handed to
 * `createActor(machine, { clock })`.
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock(Date.parse('2025-01-06T10:00:00Z'));
 * clock.setTimeout(() => console.log('fired'), 1_000);
 * clock.increment(1_000); // prints "fired"
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (a control clock: since an arbitrary origin, never going back). */
  now(): number;
  setTimeout(callback: (...args: unknown[]) => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wall-clock time; the market clock of live runs.
 *
 * @example
 * ```ts
 * const clock = new SystemClock();
 * clock.now(); // Date.now()
 * ```
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimeout(callback: (...args: unknown[]) => void, milliseconds: number): unknown {
    return globalThis.setTimeout(callback, milliseconds);
  }
  clearTimeout(handle: unknown): void {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  }
}

/**
 * Monotonic wall time (`performance.now()`): the default control clock. It never jumps with the system
 * clock, and it keeps running in a backtest whose market clock moves a day per bar.
 *
 * @example
 * ```ts
 * const control = new MonotonicClock();
 * const started = control.now();
 * // ... later: elapsed milliseconds, whatever the market clock did
 * console.log(control.now() - started);
 * ```
 */
export class MonotonicClock extends SystemClock {
  override now(): number {
    return performance.now();
  }
}

interface Timer {
  start: number;
  timeout: number;
  fn: (...args: unknown[]) => void;
}

/**
 * A clock that moves only when told to: `increment(ms)`, `set(epochMs)` or `advanceTo(epochMs)` fire every
 * timer that falls due, earliest first (ties in the order they were set). Used by tests and backtests so
 * that time-dependent behaviour is deterministic. Moving time costs nothing while no timer is due (a
 * backtest moves it once per bar): the earliest due time is kept, and timers are looked at only when one
 * falls due (XState's own simulated clock copies and sorts them on every move).
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock(0);
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 500);
 * clock.increment(1_000);
 * // fired = [500]
 * ```
 */
export class SimulatedClock implements Clock {
  /**
   * Pending timers by id (the shape of XState's simulated clock, which tests may read).
   * @internal
   */
  readonly timeouts = new Map<number, Timer>();
  private current: number;
  private nextId = 0;
  /** The earliest due time of the pending timers (Infinity when none). */
  private earliest = Number.POSITIVE_INFINITY;
  private flushing = false;

  constructor(startMilliseconds = 0) {
    this.current = startMilliseconds;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: (...args: unknown[]) => void, milliseconds: number): number {
    const id = this.nextId++;
    this.timeouts.set(id, { start: this.current, timeout: milliseconds, fn });
    const due = this.current + milliseconds;
    if (due < this.earliest) this.earliest = due;
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timeouts.delete(handle as number);
    if (this.timeouts.size === 0) this.earliest = Number.POSITIVE_INFINITY;
  }

  /** Moves time to `epochMilliseconds` (never backwards: that throws) and fires the timers due. */
  set(epochMilliseconds: number): void {
    if (epochMilliseconds < this.current) throw new RangeError('Unable to travel back in time');
    this.current = epochMilliseconds;
    if (this.current >= this.earliest) this.flush();
  }

  /** Moves time forward by `milliseconds` and fires the timers due. */
  increment(milliseconds: number): void {
    this.set(this.current + milliseconds);
  }

  /** Moves time forward to `epochMilliseconds`, firing due timers; never moves backwards. */
  advanceTo(epochMilliseconds: number): void {
    if (epochMilliseconds > this.current) this.set(epochMilliseconds);
  }

  /** Fires due timers one at a time, earliest first; a callback may set or clear timers meanwhile. */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let next = this.dueTimer(); next !== undefined; next = this.dueTimer()) {
        this.timeouts.delete(next[0]);
        next[1].fn.call(null);
      }
    } finally {
      this.flushing = false;
      this.earliest = Number.POSITIVE_INFINITY;
      for (const timer of this.timeouts.values()) {
        if (timer.start + timer.timeout < this.earliest) this.earliest = timer.start + timer.timeout;
      }
    }
  }

  /** The earliest timer due now (ties: the first set), or undefined. */
  private dueTimer(): [number, Timer] | undefined {
    let found: [number, Timer] | undefined;
    for (const entry of this.timeouts) {
      const due = entry[1].start + entry[1].timeout;
      if (due > this.current) continue;
      if (found === undefined || due < found[1].start + found[1].timeout) found = entry;
    }
    return found;
  }
}
