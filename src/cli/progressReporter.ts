/**
 * Backtest progress on stderr: a redrawn bar (bars done, bars/s, ETA) on a terminal, a plain line every
 * few seconds otherwise (CI logs, pipes), and nothing when the total is unknown and nothing happened.
 *
 * @example
 * ```ts
 * const progress = new ProgressReporter(process.stderr, 10_000);
 * progress.update(2_500);
 * progress.finish(10_000);
 * ```
 */
export class ProgressReporter {
  private readonly startedAt: number;
  private lastDrawn = 0;
  private readonly interactive: boolean;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean; columns?: number },
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.interactive = stream.isTTY === true;
    this.startedAt = now();
  }

  update(done: number): void {
    if (done === 0) return;
    const now = this.now();
    const interval = this.interactive ? 100 : 5_000;
    if (now - this.lastDrawn < interval) return;
    this.lastDrawn = now;
    this.draw(done, now);
  }

  finish(done: number): void {
    this.draw(done, this.now());
    if (this.interactive) this.stream.write('\n');
  }

  private draw(done: number, now: number): void {
    const seconds = Math.max((now - this.startedAt) / 1000, 1e-3);
    const rate = done / seconds;
    const fraction = this.total > 0 ? Math.min(done / this.total, 1) : 0;
    const eta = rate > 0 && this.total > done ? (this.total - done) / rate : 0;
    const stats = `${done}/${this.total} bars  ${Math.round(rate)} bars/s  ETA ${eta.toFixed(1)}s`;
    if (!this.interactive) {
      this.stream.write(`progress: ${(fraction * 100).toFixed(1)}% ${stats}\n`);
      return;
    }
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - stats.length - 10));
    const filled = Math.round(fraction * width);
    this.stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${stats}`,
    );
  }
}
