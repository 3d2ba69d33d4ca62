import type { Logger } from 'pino';

/** How often a long wait is reported (the usual cause: a process is down). */
const REPORT_EVERY_MS = 10_000;

interface Waiter {
  ready: () => boolean;
  resolve: (go: boolean) => void;
  since: number;
  what: string;
}

/**
 * The inputs a {@link PipelineBarrier} holds back, each until its condition holds: kept apart from the
 * barrier's bookkeeping because every change there may end any of them, and a wait that lasts is the one
 * sign an operator gets that another process of the pipeline is down.
 *
 * @example
 * ```ts
 * const waiters = new BarrierWaiters();
 * const held = waiters.wait('candle 12 handled here', () => handledCandle() >= 12);
 * waiters.check(); // after each change that may satisfy a condition
 * ```
 */
export class BarrierWaiters {
  private readonly waiters = new Set<Waiter>();
  private reportAt = 0;

  /** Resolves true once `ready()` holds (checked now and at each `check`); undefined when it holds now. */
  wait(what: string, ready: () => boolean): Promise<boolean> | undefined {
    if (ready()) return undefined;
    return new Promise((resolve) => {
      this.waiters.add({ ready, resolve, since: Date.now(), what });
    });
  }

  /** Ends the waits whose condition holds now. */
  check(): void {
    for (const waiter of this.waiters) {
      if (waiter.ready()) {
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  /** Ends every wait (false): the input is then left unacknowledged, for the next incarnation. */
  close(): void {
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  /** Warns, at most every 10 s, about the waits that have lasted that long. */
  reportLong(logger: Logger): void {
    const now = Date.now();
    if (this.waiters.size === 0 || now < this.reportAt) return;
    const long = [...this.waiters].filter((waiter) => now - waiter.since >= REPORT_EVERY_MS);
    if (long.length === 0) return;
    this.reportAt = now + REPORT_EVERY_MS;
    logger.warn(
      { waiting_for: long.map((waiter) => waiter.what), waited_ms: now - long[0]!.since },
      'Waiting for another process of the pipeline (is a process down? Ctrl-C stops)',
    );
  }
}
