import type { EventType, TradingEvent } from '../events/tradingEvents.js';
import type { SubscriptionId } from './busTypes.js';

/** One `subscribe` call. */
export interface Subscription {
  readonly id: SubscriptionId;
  readonly type: EventType | '*';
  /** Subscription order across types and wildcards: delivery follows it. */
  readonly sequence: number;
  /** Replaced by a no-op on removal, so a delivery already iterating a snapshot calls nothing. */
  handler: (event: TradingEvent) => unknown;
}

/** What a removed subscription's handler becomes (cheaper on the publish path than an `active` flag). */
const ignore = (): void => {};

/** Per event type: its own subscribers, the merged delivery list, and its counters. */
export interface Channel {
  own: Subscription[];
  /** `own` and the wildcard subscribers merged in subscription order. Never mutated, only replaced. */
  delivery: Subscription[];
  published: number;
  errors: number;
}

/**
 * The subscriber table behind `EventBus`. Each event type has a channel whose `delivery` array is
 * rebuilt (copy-on-write) on every subscribe and unsubscribe, so publishing does one map lookup and
 * iterates a ready array, and a delivery in progress keeps a stable snapshot.
 *
 * @example
 * ```ts
 * const registry = new SubscriptionRegistry();
 * const subscription = registry.add('NewCandleEvent', handler);
 * registry.channelFor('NewCandleEvent').delivery; // [subscription]
 * registry.remove(subscription.id);               // true
 * ```
 */
export class SubscriptionRegistry {
  readonly channels = new Map<string, Channel>();
  private readonly byId = new Map<SubscriptionId, Subscription>();
  private wildcard: Subscription[] = [];
  private sequence = 0;

  /** Active subscriptions. */
  get size(): number {
    return this.byId.size;
  }

  /** Event types with at least one subscriber of their own, plus one for `'*'` when it has any. */
  typesSubscribed(): number {
    let count = this.wildcard.length > 0 ? 1 : 0;
    for (const channel of this.channels.values()) if (channel.own.length > 0) count++;
    return count;
  }

  channelFor(type: string): Channel {
    let channel = this.channels.get(type);
    if (channel === undefined) {
      channel = { own: [], delivery: this.wildcard, published: 0, errors: 0 };
      this.channels.set(type, channel);
    }
    return channel;
  }

  add(type: EventType | '*', handler: (event: TradingEvent) => unknown): Subscription {
    const sequence = ++this.sequence;
    const subscription: Subscription = { id: `sub-${sequence}`, type, sequence, handler };
    this.byId.set(subscription.id, subscription);
    if (type === '*') {
      this.wildcard = this.wildcard.concat(subscription);
      for (const channel of this.channels.values()) this.rebuild(channel);
    } else {
      const channel = this.channelFor(type);
      channel.own = channel.own.concat(subscription);
      this.rebuild(channel);
    }
    return subscription;
  }

  remove(id: SubscriptionId): boolean {
    const subscription = this.byId.get(id);
    if (subscription === undefined) return false;
    subscription.handler = ignore;
    this.byId.delete(id);
    if (subscription.type === '*') {
      this.wildcard = this.wildcard.filter((candidate) => candidate !== subscription);
      for (const channel of this.channels.values()) this.rebuild(channel);
    } else {
      const channel = this.channelFor(subscription.type);
      channel.own = channel.own.filter((candidate) => candidate !== subscription);
      this.rebuild(channel);
    }
    return true;
  }

  private rebuild(channel: Channel): void {
    const own = channel.own;
    const wildcard = this.wildcard;
    if (wildcard.length === 0 || own.length === 0) {
      channel.delivery = own.length === 0 ? wildcard : own;
      return;
    }
    const merged: Subscription[] = [];
    let i = 0;
    let j = 0;
    while (i < own.length || j < wildcard.length) {
      const takeOwn = j >= wildcard.length || (i < own.length && own[i]!.sequence < wildcard[j]!.sequence);
      merged.push(takeOwn ? own[i++]! : wildcard[j++]!);
    }
    channel.delivery = merged;
  }
}
