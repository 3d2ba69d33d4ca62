/**
 * The usual spacing of a series of bar times, counted as they come (nothing kept per bar): the lower
 * median of the gaps between consecutive times, in whole minutes. The gaps of a bar series take few
 * distinct values, so they are counted by value.
 *
 * @example
 * ```ts
 * const spacing = new BarSpacing();
 * for (const time of [0, 60_000, 120_000, 300_000]) spacing.add(time);
 * spacing.median(); // '1'
 * ```
 */
export class BarSpacing {
  private readonly counts = new Map<number, number>();
  private gaps = 0;
  private last: number | undefined;

  /** The next bar's time (later than the previous one, or earlier in a file that goes newest first). */
  add(time: number): void {
    if (this.last !== undefined) {
      const gap = Math.abs(time - this.last);
      this.counts.set(gap, (this.counts.get(gap) ?? 0) + 1);
      this.gaps += 1;
    }
    this.last = time;
  }

  /** Median spacing in minutes ("1", "1440"), or undefined with fewer than two bars or sub-minute data. */
  median(): string | undefined {
    const gap = this.medianMilliseconds();
    if (gap === undefined) return undefined;
    const minutes = Math.round(gap / 60_000);
    return minutes >= 1 ? String(minutes) : undefined;
  }

  /** Median spacing in milliseconds, or undefined with fewer than two bars. */
  medianMilliseconds(): number | undefined {
    if (this.gaps === 0) return undefined;
    // The lower median is always a spacing that really occurs (averaging 1-day and 3-day gaps would not be).
    let remaining = (this.gaps - 1) >> 1;
    for (const gap of [...this.counts.keys()].sort((a, b) => a - b)) {
      remaining -= this.counts.get(gap)!;
      if (remaining < 0) return gap;
    }
    return undefined;
  }
}
