/**
 * A map that keeps at most `capacity` entries: setting a new key beyond that forgets the oldest one (in
 * insertion order). For bookkeeping that pairs two events where the second may never come, e.g. an exit
 * signal that produces no order because the position was already closed or trading was blocked: an unbounded
 * map would grow for the whole of a long run.
 *
 * @example
 * ```ts
 * const reasons = new RecentMap<string, string>(2);
 * reasons.set('a', 'stop_loss'); reasons.set('b', 'take_profit'); reasons.set('c', 'signal');
 * reasons.get('a'); // undefined: forgotten
 * reasons.take('c'); // 'signal', and removed
 * ```
 */
export class RecentMap<Key, Value> {
  private readonly entries = new Map<Key, Value>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: Key): Value | undefined {
    return this.entries.get(key);
  }

  set(key: Key, value: Value): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) {
      // A Map iterates in insertion order, so its first key is the oldest.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  /** The value of `key`, removed from the map. */
  take(key: Key): Value | undefined {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value;
  }
}
