/**
 * The stream sequences of the events of some types a process published, each with the candle it descends
 * from, so that a progress note "through candle n" names only the outputs of the candles up to n: a
 * process running ahead (the strategies while execution is flat) has outputs of later candles stored
 * already, which the receiver must not wait for before n.
 *
 * @example
 * ```ts
 * const outputs = new StoredOutputs(['EntrySignalEvent']);
 * outputs.add('EntrySignalEvent', 12, 40); // decided on candle 12, stored at 40
 * outputs.add('EntrySignalEvent', 30, 77);
 * outputs.through(20); // { EntrySignalEvent: 40 }
 * ```
 */
export class StoredOutputs {
  /** Per type: the last sequence of the candles a note covered, then the others, in publish order. */
  private readonly byType = new Map<
    string,
    { covered: number; pending: Array<{ candle: number; seq: number }> }
  >();

  constructor(types: Iterable<string>) {
    for (const type of types) this.byType.set(type, { covered: 0, pending: [] });
  }

  /** Whether events of `type` are outputs this keeps track of. */
  tracks(type: string): boolean {
    return this.byType.has(type);
  }

  /** An event of `type` descending from `candle` (0: none) is stored at `seq`; other types are ignored. */
  add(type: string, candle: number, seq: number): void {
    this.byType.get(type)?.pending.push({ candle, seq });
  }

  /**
   * The last stored sequence of each of `types` among the outputs of candles up to `through` (notes are
   * sent with a growing `through` per type: what they covered is folded into one number).
   */
  through(through: number, types: Iterable<string> = this.byType.keys()): Record<string, number> {
    const stored: Record<string, number> = {};
    for (const type of types) {
      const outputs = this.byType.get(type);
      if (outputs === undefined) continue;
      let kept = 0;
      for (const output of outputs.pending) {
        if (output.candle <= through) outputs.covered = Math.max(outputs.covered, output.seq);
        else outputs.pending[kept++] = output;
      }
      outputs.pending.length = kept;
      if (outputs.covered > 0) stored[type] = outputs.covered;
    }
    return stored;
  }
}
