/** Candles the producer may send ahead of the execution process: enough to keep every process busy. */
const WINDOW = 64;

/**
 * The producer's side of the pipelined lockstep (see `PipelineBarrier`): the candles it published, which
 * of them `trade_execution`'s notes cover, and the waits for room in its window of 64 candles ahead.
 *
 * @example
 * ```ts
 * const producer = new ProducerWindow();
 * producer.published();
 * producer.stored(1);
 * producer.heard(1); // trade_execution's note through stream sequence 1
 * await producer.room();
 * ```
 */
export class ProducerWindow {
  /** Candles published, and how many `trade_execution` handled. */
  private candlesSent = 0;
  private candlesExecuted = 0;
  /**
   * Stream sequences of the stored candles that no `trade_execution` note covers yet, ascending (a note
   * covers every candle up to its `through`, so notes may come one per turn).
   */
  private candlesUnexecuted: number[] = [];
  /** The highest `through` of the `trade_execution` notes heard. */
  private executedThrough = 0;
  /** Stream sequence of the last candle published. */
  private lastStored = 0;
  private roomWaiters: Array<() => void> = [];

  /** Stream sequence of the last candle published. */
  get lastCandle(): number {
    return this.lastStored;
  }

  /** A candle was published (or would have been, in a replay). */
  published(): void {
    this.candlesSent++;
  }

  /** A candle is stored at stream sequence `seq`. */
  stored(seq: number): void {
    this.lastStored = Math.max(this.lastStored, seq);
    // Its note can come before the candle's own publish acknowledgement.
    if (seq <= this.executedThrough) this.executed(1);
    else {
      this.candlesUnexecuted.push(seq);
      if (this.candlesUnexecuted.length > 1 && this.candlesUnexecuted.at(-2)! > seq)
        this.candlesUnexecuted.sort((a, b) => a - b);
    }
  }

  /** A `trade_execution` note through stream sequence `through` was heard. */
  heard(through: number): void {
    this.executedThrough = Math.max(this.executedThrough, through);
    let covered = 0;
    while (covered < this.candlesUnexecuted.length && this.candlesUnexecuted[covered]! <= through) covered++;
    if (covered > 0) this.candlesUnexecuted = this.candlesUnexecuted.slice(covered);
    this.executed(covered);
  }

  /** Resolves once fewer than 64 candles wait for the execution process; undefined when there is room. */
  room(): Promise<void> | undefined {
    if (this.candlesSent - this.candlesExecuted < WINDOW) return undefined;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Ends every wait for room. */
  close(): void {
    for (const resolve of this.roomWaiters.splice(0)) resolve();
  }

  /** `count` more candles are handled by `trade_execution`: room in the window again. */
  private executed(count: number): void {
    this.candlesExecuted += count;
    if (count > 0 && this.candlesSent - this.candlesExecuted < WINDOW)
      for (const resolve of this.roomWaiters.splice(0)) resolve();
  }
}
