import type { EventType, TradingEvent } from '../events/tradingEvents.js';

/**
 * Which recent events `EventHistory.query` returns.
 *
 * @example
 * ```ts
 * const lastOrders = bus.getHistory({ type: 'OrderPlacedEvent', limit: 10 });
 * const order = lastOrders[0]!;
 * const oneCycle = bus.getHistory({ correlationId: order.correlationId });
 * ```
 */
export interface EventHistoryFilter {
  type?: EventType;
  correlationId?: string;
  /** At most this many, the most recent ones (still returned oldest first). */
  limit?: number;
}

/**
 * A bounded ring of the most recent events. The slots are allocated once, so recording an event on the
 * publish path costs one store and one index update; when full, the oldest event is overwritten.
 * A capacity of 0 disables recording.
 *
 * @example
 * ```ts
 * const history = new EventHistory(2);
 * history.record(a); history.record(b); history.record(c);
 * history.query();                          // [b, c]
 * history.query({ correlationId: 'a1b2c3d4' });
 * ```
 */
export class EventHistory {
  private readonly slots: Array<TradingEvent | undefined>;
  /** Index of the slot the next event is written to. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`history capacity must be a non-negative integer, got ${capacity}`);
    }
    this.slots = new Array<TradingEvent | undefined>(capacity).fill(undefined);
  }

  /** Events currently held. */
  get size(): number {
    return this.count;
  }

  record(event: TradingEvent): void {
    const capacity = this.capacity;
    if (capacity === 0) return;
    this.slots[this.next] = event;
    this.next = this.next + 1 === capacity ? 0 : this.next + 1;
    if (this.count < capacity) this.count++;
  }

  /** Matching events, oldest first; with `limit`, only the most recent `limit` of them. */
  query(filter: EventHistoryFilter = {}): TradingEvent[] {
    const { type, correlationId, limit } = filter;
    const matches: TradingEvent[] = [];
    const maximum = limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, limit);
    if (maximum === 0) return matches;
    // Walk newest to oldest so `limit` stops early, then restore chronological order.
    for (let offset = 1; offset <= this.count && matches.length < maximum; offset++) {
      const index = (this.next - offset + this.capacity) % this.capacity;
      const event = this.slots[index];
      if (event === undefined) continue;
      if (type !== undefined && event.type !== type) continue;
      if (correlationId !== undefined && event.correlationId !== correlationId) continue;
      matches.push(event);
    }
    return matches.reverse();
  }

  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
