import type { PipelineProgress } from './pipelineProgress.js';
import { StoredOutputs } from './storedOutputs.js';

/**
 * What a process of the pipeline published of the types its progress notes cover: stored (by stream
 * sequence) or still on the way to the stream (by event id). A note names both, so it can go out as soon as
 * its candle is handled rather than one publish acknowledgement later.
 *
 * @example
 * ```ts
 * const ledger = new OutputLedger(['EntrySignalEvent']);
 * ledger.sending('EntrySignalEvent', 12, 'evt-1');
 * ledger.note(['EntrySignalEvent'], 12); // { through: 12, stored: {...}, pending: { EntrySignalEvent: ['evt-1'] } }
 * ledger.stored('EntrySignalEvent', 12, 40, 'evt-1');
 * ```
 */
export class OutputLedger {
  private readonly outputs: StoredOutputs;
  /** This process's outputs sent to the stream and not stored yet, by event id. */
  private readonly unstored = new Map<string, { type: string; candle: number }>();

  constructor(types: readonly string[]) {
    this.outputs = new StoredOutputs(types);
  }

  /** An event of `type` caused by `candle` goes to the stream as `eventId`. */
  sending(type: string, candle: number, eventId: string): void {
    if (this.outputs.tracks(type)) this.unstored.set(eventId, { type, candle });
  }

  /** An event sent could not be stored: no note may name it, or its receiver would wait for it forever. */
  lost(eventId: string): void {
    this.unstored.delete(eventId);
  }

  /** An event of `type` caused by `candle` is stored at stream sequence `seq`. */
  stored(type: string, candle: number, seq: number, eventId?: string): void {
    if (eventId !== undefined) this.unstored.delete(eventId);
    this.outputs.add(type, candle, seq);
  }

  /** The note for `through` of a service publishing `types`: its outputs for those candles, stored or in flight. */
  note(types: readonly string[], through: number, holding?: string[]): PipelineProgress {
    const pending: Record<string, string[]> = {};
    let anyPending = false;
    for (const [eventId, output] of this.unstored) {
      if (output.candle > through || !types.includes(output.type)) continue;
      const ids = pending[output.type];
      if (ids === undefined) pending[output.type] = [eventId];
      else ids.push(eventId);
      anyPending = true;
    }
    return {
      through,
      stored: this.outputs.through(through, types),
      ...(anyPending ? { pending } : {}),
      ...(holding ? { holding } : {}),
    };
  }
}
