import type { EventOf, EventType, TradingEvent } from '../events/tradingEvents.js';
import type { EventBusMetrics, EventBusPort, EventHandler, SubscriptionId } from './busTypes.js';
import { EventBus } from './eventBus.js';
import type { EventHistoryFilter } from './eventHistory.js';

/**
 * The specification's `MockEventBus`, for unit tests of services: it records every published event and still
 * delivers synchronously to subscribers, so a service under test can be driven with `bus.publish(...)`
 * and its output asserted with `hasPublished` / `publishedOf`. Handler failures are isolated and
 * counted as on the real bus (see `getMetrics().recent_errors`).
 *
 * @example
 * ```ts
 * const bus = new MockEventBus();
 * bus.publish(new EventBuilders().newCandle({ symbol: 'EURUSD' }));
 * expect(bus.hasPublished('DataFetchedEvent')).toBe(true);
 * expect(bus.hasPublished('NewCandleEvent', (event) => event.symbol === 'EURUSD')).toBe(true);
 * ```
 */
export class MockEventBus implements EventBusPort {
  /** Every event published since construction or the last `clear()`, in publish order. */
  readonly published: TradingEvent[] = [];
  private readonly bus = new EventBus({ mode: 'sync', historySize: 1000 });

  subscribe<T extends EventType | '*'>(type: T, handler: EventHandler<T>): SubscriptionId {
    return this.bus.subscribe(type, handler);
  }

  unsubscribe(id: SubscriptionId): boolean {
    return this.bus.unsubscribe(id);
  }

  publish(event: TradingEvent): void {
    this.published.push(event);
    this.bus.publish(event);
  }

  /** Whether an event of `type` (matching `predicate`, when given) was published. */
  hasPublished<T extends EventType>(type: T, predicate?: (event: EventOf<T>) => boolean): boolean {
    return this.published.some(
      (event) => event.type === type && (predicate === undefined || predicate(event as EventOf<T>)),
    );
  }

  /** The published events of `type`, in publish order. */
  publishedOf<T extends EventType>(type: T): Array<EventOf<T>> {
    return this.published.filter((event): event is EventOf<T> => event.type === type);
  }

  /** Forgets the recorded events; subscriptions stay. */
  clear(): void {
    this.published.length = 0;
  }

  drain(): Promise<void> {
    return this.bus.drain();
  }

  getMetrics(): EventBusMetrics {
    return this.bus.getMetrics();
  }

  getHistory(filter?: EventHistoryFilter): TradingEvent[] {
    return this.bus.getHistory(filter);
  }
}
