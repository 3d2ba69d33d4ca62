import type { TradingEvent } from '../events/tradingEvents.js';

/**
 * What a full queue does with one more event.
 *
 * @example
 * ```ts
 * const bus = new EventBus({ mode: 'async', maxQueueSize: 1_000, overflowPolicy: 'error' });
 * ```
 */
export type OverflowPolicy = 'drop_oldest' | 'drop_newest' | 'error';

/** What `EventQueue.offer` did. */
export type OfferOutcome = 'queued' | 'dropped_oldest' | 'dropped_newest' | 'rejected';

/**
 * The bounded FIFO behind the asynchronous bus: a ring that grows by doubling up to `maxSize` (so a
 * large bound costs nothing until it is used) and applies the overflow policy when full.
 *
 * @example
 * ```ts
 * const queue = new EventQueue(2, 'drop_oldest');
 * queue.offer(a); queue.offer(b);
 * queue.offer(c);  // 'dropped_oldest': a is gone
 * queue.shift();   // b
 * ```
 */
export class EventQueue {
  private slots: Array<TradingEvent | undefined>;
  private head = 0;
  private length = 0;
  /** The deepest the queue has been. */
  highWater = 0;

  constructor(
    readonly maxSize: number,
    readonly policy: OverflowPolicy,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new RangeError(`queue bound must be a positive integer, got ${maxSize}`);
    }
    this.slots = new Array<TradingEvent | undefined>(Math.min(maxSize, 64)).fill(undefined);
  }

  get size(): number {
    return this.length;
  }

  /** Adds `event` at the tail, or applies the policy when the queue is full. Never throws. */
  offer(event: TradingEvent): OfferOutcome {
    if (this.length === this.maxSize) {
      if (this.policy === 'drop_newest') return 'dropped_newest';
      if (this.policy === 'error') return 'rejected';
      // drop_oldest: the tail slot is the head slot; overwrite it and advance the head.
      this.slots[this.head] = event;
      this.head = (this.head + 1) % this.slots.length;
      return 'dropped_oldest';
    }
    if (this.length === this.slots.length) this.grow();
    this.slots[(this.head + this.length) % this.slots.length] = event;
    this.length++;
    if (this.length > this.highWater) this.highWater = this.length;
    return 'queued';
  }

  /** Removes and returns the head, or undefined when empty. */
  shift(): TradingEvent | undefined {
    if (this.length === 0) return undefined;
    const event = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.length--;
    return event;
  }

  private grow(): void {
    const capacity = Math.min(this.maxSize, this.slots.length * 2);
    const grown = new Array<TradingEvent | undefined>(capacity).fill(undefined);
    for (let index = 0; index < this.length; index++) {
      grown[index] = this.slots[(this.head + index) % this.slots.length];
    }
    this.slots = grown;
    this.head = 0;
  }
}
