import type { EntryManagerState, EntrySlotState } from './entryManagerState.js';

/** One bar clock of the entry manager, with its place: the clock object is read at each capture. */
export interface CapturedClock {
  symbol: string;
  timeframe: string;
  clock: { readonly lastTime: number; readonly index: number };
}

/** What a capture reads of its entry manager (see `EntryManager.capture`). */
export interface EntryManagerCaptureSource {
  /** Moves when clocks are added or replaced. */
  clockSetVersion(): number;
  /** Every clock, in the snapshot's order. */
  clocks(): CapturedClock[];
  /** The slots as the snapshot has them (shared, never changed). */
  slots(): readonly EntrySlotState[];
}

/**
 * The entry manager's state at one moment, taken into the same object again and again: {@link take}
 * copies the bar clocks' times and indexes into typed arrays (the clocks move on every bar, so nothing
 * can be skipped, but nothing is allocated) and keeps the slots' shared copy; the
 * `EntryManagerState` is built only when the capture is serialized (`JSON.stringify` calls
 * {@link toJSON}), which a durable run does for the cycles it writes (one in a thousand in a backtest).
 * Its JSON is exactly that of `EntryManager.snapshot()` at the last {@link take}.
 *
 * @example
 * ```ts
 * const capture = entryManager.capture();
 * checkpoints.register('strategy_evaluation', 'entry_manager', () => capture.take());
 * ```
 */
export class EntryManagerCapture {
  private version = Number.NaN;
  private clocks: CapturedClock[] = [];
  private times = new Float64Array(0);
  private indexes = new Float64Array(0);
  private slots: readonly EntrySlotState[] = [];

  constructor(private readonly source: EntryManagerCaptureSource) {}

  /** Copies the manager's state now into this capture, and returns it. */
  take(): this {
    const { source } = this;
    const version = source.clockSetVersion();
    if (version !== this.version) {
      this.clocks = source.clocks();
      this.times = new Float64Array(this.clocks.length);
      this.indexes = new Float64Array(this.clocks.length);
      this.version = version;
    }
    const { clocks, times, indexes } = this;
    for (let position = 0; position < clocks.length; position++) {
      const { clock } = clocks[position]!;
      times[position] = clock.lastTime;
      indexes[position] = clock.index;
    }
    this.slots = source.slots();
    return this;
  }

  /** The snapshot at the last {@link take}. */
  toJSON(): EntryManagerState {
    const bars: EntryManagerState['bars'] = [];
    for (let position = 0; position < this.clocks.length; position++) {
      const { symbol, timeframe } = this.clocks[position]!;
      bars.push({ symbol, timeframe, lastTime: this.times[position]!, index: this.indexes[position]! });
    }
    return { version: 1, bars, slots: this.slots.slice() };
  }
}
