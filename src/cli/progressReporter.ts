/**
 * Backtest progress on stderr: a redrawn bar (bars done, bars/s, ETA) on a terminal, a plain line every
 * few seconds otherwise (CI logs, pipes), and nothing when the total is unknown and nothing happened. The
 * bar owns its line: anything else written meanwhile goes through `writeAbove`, which clears the bar,
 * prints the text and redraws the bar under it.
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
  /** The last bar drawn on a terminal, to redraw after a line written above it. */
  private drawnBar: string | undefined;
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
    this.drawnBar = undefined;
  }

  /** Writes one line (a notice, a warning) above the bar, which is redrawn below it. */
  writeAbove(text: string): void {
    if (this.drawnBar === undefined) {
      this.stream.write(`${text}\n`);
      return;
    }
    // \r and "erase line" (ESC [2K): the bar's text is replaced, not left behind the line.
    this.stream.write(`\r\u001b[2K${text}\n${this.drawnBar}`);
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
    this.drawnBar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${stats}`;
    this.stream.write(`\r${this.drawnBar}`);
  }
}
