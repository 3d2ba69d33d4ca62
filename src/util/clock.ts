import { SimulatedClock as XStateSimulatedClock } from 'xstate';

/**
 * The source of time for everything in tradestate: event timestamps, timeouts, backoff, health checks
 * and the trading loop. It is a superset of XState's `Clock`, so the same object can be handed to
 * `createActor(machine, { clock })` and every timer in the system follows one time line.
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock(Date.parse('2025-01-06T10:00:00Z'));
 * clock.setTimeout(() => console.log('fired'), 1_000);
 * clock.increment(1_000); // prints "fired"
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(callback: (...args: unknown[]) => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wall-clock time; the default outside tests and backtests.
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
 * A clock that moves only when told to: `increment(ms)` or `set(epochMs)` fire every timer that falls due,
 * in order. Used by tests and backtests so that time-dependent behaviour is deterministic.
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
export class SimulatedClock extends XStateSimulatedClock implements Clock {
  constructor(startMilliseconds = 0) {
    super();
    super.set(startMilliseconds);
  }
  override setTimeout(callback: (...args: unknown[]) => void, milliseconds: number): number {
    return super.setTimeout(callback, milliseconds);
  }
  /** Moves time forward to `epochMilliseconds`, firing due timers; never moves backwards. */
  advanceTo(epochMilliseconds: number): void {
    const delta = epochMilliseconds - this.now();
    if (delta > 0) this.increment(delta);
  }
}
