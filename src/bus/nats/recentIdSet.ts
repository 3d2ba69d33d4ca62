/**
 * A set of the most recent `capacity` ids: adding one more forgets the oldest. Consumers use it to skip
 * events they already handled when JetStream redelivers them (at-least-once delivery) or a publisher
 * sent the same `eventId` twice outside the stream's duplicate window.
 *
 * @example
 * ```ts
 * const seen = new RecentIdSet(2);
 * seen.add('a'); seen.add('b'); seen.add('c');
 * seen.has('a'); // false: forgotten
 * seen.has('c'); // true
 * ```
 */
export class RecentIdSet {
  private readonly ids = new Set<string>();
  private readonly ring: string[];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.ring = new Array<string>(capacity);
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
  }
}
