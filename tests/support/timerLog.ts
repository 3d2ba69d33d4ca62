import { SimulatedClock } from '../../src/util/clock.js';

/**
 * A simulated clock that keeps a log of its pending timers, so that a test can fire exactly the timer of a
 * given length (`fire(100)`) without reaching into XState's clock.
 */
export class TimerLog extends SimulatedClock {
  private readonly pending = new Map<unknown, { due: number; milliseconds: number }>();

  override setTimeout(callback: (...args: unknown[]) => void, milliseconds: number): number {
    const handle = super.setTimeout((...args: unknown[]) => {
      this.pending.delete(handle);
      callback(...args);
    }, milliseconds);
    this.pending.set(handle, { due: this.now() + milliseconds, milliseconds });
    return handle;
  }

  override clearTimeout(handle: unknown): void {
    this.pending.delete(handle);
    super.clearTimeout(handle as never);
  }

  /** Advances to the due time of the latest pending timer of that length; throws when there is none. */
  fire(milliseconds: number): void {
    const due = [...this.pending.values()]
      .filter((timer) => timer.milliseconds === milliseconds)
      .map((timer) => timer.due);
    if (due.length === 0) throw new Error(`no ${milliseconds} ms timer pending`);
    this.increment(Math.max(...due) - this.now());
  }
}
