/**
 * The bytes of the last `capacity` events this process published of the types it also consumes, by event
 * id, until its consumer receives them back. A message whose bytes are exactly the ones this process encoded
 * from an event it built is that event: the consumer may skip the schema check for it (the producer spent
 * a tenth of its CPU validating its own candles). Any other message, even one under the same id, is
 * validated as before, so what comes from outside is still checked and dead-lettered when bad.
 *
 * @example
 * ```ts
 * const own = new OwnMessages(1024);
 * own.remember('evt-1', bytes);
 * own.take('evt-1', received); // true once, when `received` has the same bytes as `bytes`
 * ```
 */
export class OwnMessages {
  private readonly sent = new Map<string, Uint8Array>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.sent.size;
  }

  remember(eventId: string, data: Uint8Array): void {
    this.sent.set(eventId, data);
    if (this.sent.size > this.capacity) {
      const oldest = this.sent.keys().next().value;
      if (oldest !== undefined) this.sent.delete(oldest);
    }
  }

  /** Whether `data` is what this process sent as `eventId` (forgotten then: each is taken once). */
  take(eventId: string | undefined, data: Uint8Array): boolean {
    if (eventId === undefined) return false;
    const sent = this.sent.get(eventId);
    if (sent === undefined) return false;
    this.sent.delete(eventId);
    return Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength).equals(data);
  }
}
