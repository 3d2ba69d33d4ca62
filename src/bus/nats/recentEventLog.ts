import type { EventType, TradingEvent } from '../../events/tradingEvents.js';

/**
 * The last `capacity` events a bus saw, oldest first, each kept once: a process that publishes an event
 * and receives it back over NATS records it a single time.
 *
 * @example
 * ```ts
 * const log = new RecentEventLog(1000);
 * log.record(candle);
 * log.query({ type: 'NewCandleEvent', limit: 10 });
 * ```
 */
export class RecentEventLog {
  /** A ring: `next` is where the next event goes, overwriting the oldest once full. */
  private readonly ring: Array<TradingEvent | undefined>;
  private readonly ids = new Set<string>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<TradingEvent | undefined>(capacity);
  }

  record(event: TradingEvent): void {
    if (this.capacity === 0 || this.ids.has(event.eventId)) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted.eventId);
    this.ring[this.next] = event;
    this.ids.add(event.eventId);
    this.next = (this.next + 1) % this.capacity;
  }

  query(filter: { type?: EventType; correlationId?: string; limit?: number } = {}): TradingEvent[] {
    const matching: TradingEvent[] = [];
    for (let offset = 0; offset < this.capacity; offset++) {
      const event = this.ring[(this.next + offset) % this.capacity];
      if (event === undefined) continue;
      if (filter.type !== undefined && event.type !== filter.type) continue;
      if (filter.correlationId !== undefined && event.correlationId !== filter.correlationId) continue;
      matching.push(event);
    }
    return filter.limit === undefined ? matching : matching.slice(-filter.limit);
  }
}
