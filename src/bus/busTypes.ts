import type { EventOf, EventType, TradingEvent } from '../events/tradingEvents.js';

/**
 * A handler for events of type `T`, or for every event with `'*'`. May return a promise.
 *
 * @example
 * ```ts
 * const onOrder: EventHandler<'OrderPlacedEvent'> = (order) => console.log(order.client_order_id);
 * bus.subscribe('OrderPlacedEvent', onOrder);
 * ```
 */
export type EventHandler<T extends EventType | '*'> = (
  event: T extends EventType ? EventOf<T> : TradingEvent,
) => unknown;

/**
 * Returned by `subscribe`; give it to `unsubscribe`.
 *
 * @example
 * ```ts
 * const onCandle = (event: EventOf<'NewCandleEvent'>) => console.log(event.bar.close);
 * const id: SubscriptionId = bus.subscribe('NewCandleEvent', onCandle);
 * bus.unsubscribe(id);
 * ```
 */
export type SubscriptionId = string;

/**
 * What the bus counts. The specification names `events_published` and `event_types_subscribed`.
 *
 * @example
 * ```ts
 * const { events_published, handler_errors, queue_depth } = system.bus.getMetrics();
 * ```
 */
export interface EventBusMetrics {
  events_published: number;
  events_delivered: number;
  handler_errors: number;
  event_types_subscribed: number;
  subscriptions: number;
  /** Events published, per event type. */
  published_by_type: Record<string, number>;
  /** Handler errors, per event type. */
  errors_by_type: Record<string, number>;
  /** The last handler errors (most recent last), bounded. */
  recent_errors: Array<{ type: string; correlationId: string; message: string }>;
  queue_depth: number;
  queue_high_water: number;
  events_dropped: number;
  mode: 'sync' | 'async';
}

/**
 * The contract every bus implements (in-memory `EventBus`, `MockEventBus`, and transports to other
 * processes): the specification's `subscribe` / `publish` / `unsubscribe` / `get_metrics`, plus `drain()`.
 *
 * @example
 * ```ts
 * function audit(bus: EventBusPort) {
 *   return bus.subscribe('*', (event) => console.log(event.type, event.correlationId));
 * }
 * ```
 */
export interface EventBusPort {
  subscribe<T extends EventType | '*'>(type: T, handler: EventHandler<T>): SubscriptionId;
  unsubscribe(id: SubscriptionId): boolean;
  publish(event: TradingEvent): void;
  /** Resolves when every queued event has been delivered (at once in synchronous mode). */
  drain(): Promise<void>;
  /**
   * True when nothing is queued or in flight, so `drain()` has nothing to wait for: lets a synchronous
   * caller skip the promise (optional; without it callers always drain).
   */
  idle?(): boolean;
  getMetrics(): EventBusMetrics;
  /** Recent events, oldest first, optionally filtered. */
  getHistory(filter?: { type?: EventType; correlationId?: string; limit?: number }): TradingEvent[];
}
