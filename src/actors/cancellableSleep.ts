import type { Clock } from '../util/clock.js';

/**
 * A wait on a clock that can be cut short, so that `stop()` does not sit out a long interval or pace.
 *
 * @example
 * ```ts
 * const sleeper = new CancellableSleep();
 * const waiting = sleeper.sleep(new SystemClock(), 60_000);
 * sleeper.cancel(); // waiting resolves now, its timer cleared
 * ```
 */
export class CancellableSleep {
  private wake: (() => void) | undefined;

  /** Resolves after `milliseconds` on `clock`, or at {@link cancel}. */
  sleep(clock: Clock, milliseconds: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const handle = clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, milliseconds);
      this.wake = () => {
        clock.clearTimeout(handle);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Ends the current wait at once (nothing when none is under way). */
  cancel(): void {
    this.wake?.();
  }
}
