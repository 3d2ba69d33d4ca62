import type { Logger } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';
import type { EventType, TradingEvent } from '../events/tradingEvents.js';
import { CorrelationContext } from '../logging/correlationContext.js';
import type { EventBusMetrics, EventBusPort, EventHandler, SubscriptionId } from './busTypes.js';
import { EventBusOverflowError } from './eventBusOverflowError.js';
import { EventHistory, type EventHistoryFilter } from './eventHistory.js';
import { EventQueue, type OverflowPolicy } from './eventQueue.js';
import { type Channel, type Subscription, SubscriptionRegistry } from './subscriptionRegistry.js';

/**
 * How an `EventBus` delivers and what it keeps. Defaults match `config.event_bus`.
 *
 * @example
 * ```ts
 * const bus = new EventBus({ mode: 'async', maxQueueSize: 10_000, overflowPolicy: 'drop_oldest' });
 * ```
 */
export interface EventBusOptions {
  /** `sync`: delivered before `publish` returns; `async`: queued and delivered from a drain loop. */
  mode?: 'sync' | 'async';
  /** Recent events kept for `getHistory`; 0 disables the history. */
  historySize?: number;
  /** Bound of the asynchronous queue. */
  maxQueueSize?: number;
  overflowPolicy?: OverflowPolicy;
  /** Receives handler failures (with the event's correlation id and type). */
  logger?: Logger;
  /** Handler failures kept in `recent_errors`. */
  recentErrorsLimit?: number;
}

/** Async mode delivers at most this many events per turn, then yields to timers and I/O. */
const drainBatch = 1024;

/**
 * The in-process event bus (the specification's `EventBus`): typed publish/subscribe with `'*'` wildcards, error
 * isolation, a bounded history, metrics, and two delivery modes.
 *
 * - **sync**: `publish` delivers to every handler of the type and every `'*'` handler, in subscription
 *   order, before it returns. A handler that publishes is served depth-first: the nested event is
 *   delivered completely before the remaining handlers of the outer event run, so a causation chain
 *   (candle → indicators → signal → order) unfolds in the order it is caused. Backtests use this mode.
 * - **async**: `publish` queues the event (bounded; `overflowPolicy` decides what a full queue does)
 *   and returns; a drain loop started from a microtask delivers events in publish order. `drain()`
 *   resolves once the queue is empty and every promise returned by a handler has settled. Handler
 *   promises are tracked, not awaited between events: a slow async handler does not hold up the queue.
 *
 * Handlers run inside `CorrelationContext` scope of the event's `correlationId` (entered only when the
 * publisher is not already in it), so their log lines carry the id. A throwing or rejecting handler never
 * stops the others: the failure is logged, counted per event type and kept in `recent_errors`.
 * Subscribing or unsubscribing during a delivery is safe: the delivery works on a snapshot of the
 * subscriber list, and an unsubscribed handler is not called again.
 *
 * Metrics: `events_published` counts accepted events (a drop under `drop_newest` or `drop_oldest` is
 * still published, and counted in `events_dropped`; an event refused under `error` is neither);
 * `events_delivered` = published − dropped − still queued; `event_types_subscribed` counts types with a
 * subscriber of their own, plus one for `'*'`.
 *
 * @example
 * ```ts
 * const events = new EventFactory(new SimulatedClock(Date.UTC(2025, 0, 6)), createIdGenerator(1));
 * const bar: Candle = { time: Date.UTC(2025, 0, 6), open: 1.1, high: 1.1, low: 1.1, close: 1.1, volume: 0 };
 * const bus = new EventBus({ mode: 'sync', historySize: 1000 });
 * const id = bus.subscribe('NewCandleEvent', (event) => console.log(event.bar.close));
 * bus.publish(events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }));
 * bus.getHistory({ type: 'NewCandleEvent', limit: 10 });
 * bus.unsubscribe(id);
 * ```
 */
export class EventBus implements EventBusPort {
  readonly mode: 'sync' | 'async';
  private readonly synchronous: boolean;
  private readonly recordsHistory: boolean;
  private readonly logger: Logger | undefined;
  private readonly history: EventHistory;
  private readonly queue: EventQueue;
  private readonly recentErrorsLimit: number;
  private readonly registry = new SubscriptionRegistry();
  private published = 0;
  private dropped = 0;
  private handlerErrors = 0;
  private readonly recentErrors: EventBusMetrics['recent_errors'] = [];
  /** Handler promises not yet settled. */
  private pending = 0;
  private drainScheduled = false;
  private idleWaiters: Array<() => void> = [];
  private readonly dispatchInScope = (channel: Channel, event: TradingEvent): void =>
    this.dispatch(channel, event);
  private readonly runDrainLoop = (): void => this.drainLoop();

  constructor(options: EventBusOptions = {}) {
    this.mode = options.mode ?? 'sync';
    this.logger = options.logger;
    this.synchronous = this.mode === 'sync';
    this.history = new EventHistory(options.historySize ?? 1000);
    this.recordsHistory = this.history.capacity > 0;
    this.queue = new EventQueue(options.maxQueueSize ?? 100_000, options.overflowPolicy ?? 'drop_oldest');
    this.recentErrorsLimit = options.recentErrorsLimit ?? 20;
  }

  /**
   * A bus configured by `config.event_bus` (the `transport` key is for the process wiring; this is the
   * in-memory bus).
   *
   * @example
   * ```ts
   * const bus = EventBus.fromConfig(config.event_bus, logger.child({ logger: 'EventBus' }));
   * ```
   */
  static fromConfig(config: SystemConfig['event_bus'], logger?: Logger): EventBus {
    return new EventBus({
      mode: config.mode,
      historySize: config.history_size,
      maxQueueSize: config.max_queue_size,
      overflowPolicy: config.overflow_policy,
      logger,
    });
  }

  subscribe<T extends EventType | '*'>(type: T, handler: EventHandler<T>): SubscriptionId {
    return this.registry.add(type, handler as (event: TradingEvent) => unknown).id;
  }

  unsubscribe(id: SubscriptionId): boolean {
    return this.registry.remove(id);
  }

  /**
   * Delivers (sync) or queues (async) `event`.
   *
   * @throws EventBusOverflowError in async mode when the queue is full and the policy is `error`.
   */
  publish(event: TradingEvent): void {
    const channel = this.registry.channelFor(event.type);
    if (!this.synchronous) {
      this.enqueue(channel, event);
      return;
    }
    // The data plane: no allocation, no closure, one map lookup.
    channel.published++;
    this.published++;
    if (this.recordsHistory) this.history.record(event);
    // Nobody to call (DataFetchedEvent, every bar): no correlation scope to look up.
    if (channel.delivery.length > 0) this.deliver(channel, event);
  }

  private enqueue(channel: Channel, event: TradingEvent): void {
    const outcome = this.queue.offer(event);
    if (outcome === 'rejected') throw new EventBusOverflowError(event.type, this.queue.maxSize);
    channel.published++;
    this.published++;
    if (outcome === 'dropped_newest') {
      this.dropped++;
      return;
    }
    if (outcome === 'dropped_oldest') this.dropped++;
    if (this.recordsHistory) this.history.record(event);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(this.runDrainLoop);
    }
  }

  idle(): boolean {
    return this.isIdle();
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  getHistory(filter?: EventHistoryFilter): TradingEvent[] {
    return this.history.query(filter);
  }

  getMetrics(): EventBusMetrics {
    const publishedByType: Record<string, number> = {};
    const errorsByType: Record<string, number> = {};
    for (const [type, channel] of this.registry.channels) {
      if (channel.published > 0) publishedByType[type] = channel.published;
      if (channel.errors > 0) errorsByType[type] = channel.errors;
    }
    return {
      events_published: this.published,
      // Every accepted event is delivered unless dropped or still queued; derived, not counted per event.
      events_delivered: this.published - this.dropped - this.queue.size,
      handler_errors: this.handlerErrors,
      event_types_subscribed: this.registry.typesSubscribed(),
      subscriptions: this.registry.size,
      published_by_type: publishedByType,
      errors_by_type: errorsByType,
      recent_errors: this.recentErrors.map((error) => ({ ...error })),
      queue_depth: this.queue.size,
      queue_high_water: this.queue.highWater,
      events_dropped: this.dropped,
      mode: this.mode,
    };
  }

  /** Enters the event's correlation scope unless the caller is already in it (the common, cheap case). */
  private deliver(channel: Channel, event: TradingEvent): void {
    if (CorrelationContext.current() === event.correlationId) this.dispatch(channel, event);
    else CorrelationContext.runWith(event.correlationId, this.dispatchInScope, channel, event);
  }

  private dispatch(channel: Channel, event: TradingEvent): void {
    const subscriptions = channel.delivery;
    for (let index = 0; index < subscriptions.length; index++) {
      const subscription = subscriptions[index]!;
      try {
        const result = subscription.handler(event);
        if (
          result !== undefined &&
          result !== null &&
          typeof (result as PromiseLike<unknown>).then === 'function'
        ) {
          this.track(result as PromiseLike<unknown>, channel, event, subscription);
        }
      } catch (error) {
        this.recordError(channel, event, subscription, error);
      }
    }
  }

  private track(
    promise: PromiseLike<unknown>,
    channel: Channel,
    event: TradingEvent,
    subscription: Subscription,
  ): void {
    this.pending++;
    promise.then(
      () => this.settle(),
      (error: unknown) => {
        this.recordError(channel, event, subscription, error);
        this.settle();
      },
    );
  }

  private settle(): void {
    this.pending--;
    this.notifyIfIdle();
  }

  private drainLoop(): void {
    for (let budget = drainBatch; budget > 0; budget--) {
      const event = this.queue.shift();
      if (event === undefined) break;
      this.deliver(this.registry.channelFor(event.type), event);
    }
    if (this.queue.size > 0) {
      // A publish storm must not starve timers and I/O: continue on the next turn of the event loop.
      setImmediate(this.runDrainLoop);
      return;
    }
    this.drainScheduled = false;
    this.notifyIfIdle();
  }

  private isIdle(): boolean {
    return this.queue.size === 0 && this.pending === 0 && !this.drainScheduled;
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private recordError(
    channel: Channel,
    event: TradingEvent,
    subscription: Subscription,
    error: unknown,
  ): void {
    this.handlerErrors++;
    channel.errors++;
    const message = error instanceof Error ? error.message : String(error);
    this.recentErrors.push({ type: event.type, correlationId: event.correlationId, message });
    if (this.recentErrors.length > this.recentErrorsLimit) this.recentErrors.shift();
    try {
      this.logger?.error(
        {
          err: error,
          correlation_id: event.correlationId,
          event_type: event.type,
          event_id: event.eventId,
          subscription_id: subscription.id,
        },
        `Handler for ${event.type} failed: ${message}`,
      );
    } catch {
      // A failing logger must not break delivery to the other handlers.
    }
  }
}
