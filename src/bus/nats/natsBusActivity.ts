import type { Logger } from 'pino';
import type { EventType, TradingEvent } from '../../events/tradingEvents.js';
import type { EventBusMetrics, EventHandler } from '../busTypes.js';

const RECENT_ERRORS_KEPT = 20;

type AnyHandler = (event: TradingEvent) => unknown;

/**
 * What one `NatsEventBus` did in this process: events published and delivered, handler errors, and the
 * handlers of its own events (see {@link NatsBusActivity.observeOwn}).
 *
 * @example
 * ```ts
 * const activity = new NatsBusActivity(logger);
 * activity.observeOwn('ServiceFailedEvent', (event) => console.log(event.service));
 * activity.published(event); // counts it and runs the handlers of its type
 * activity.metrics(); // events_published, handler_errors, published_by_type, ...
 * ```
 */
export class NatsBusActivity {
  private readonly publishedByType: Record<string, number> = {};
  private readonly errorsByType: Record<string, number> = {};
  private readonly recentErrors: EventBusMetrics['recent_errors'] = [];
  private readonly own = new Map<string, Set<AnyHandler>>();
  private publishedCount = 0;
  private deliveredCount = 0;
  private handlerErrors = 0;

  constructor(private readonly logger: Logger) {}

  /**
   * Runs `handler` for every event of `type` this process publishes, as it is published. No durable
   * consumer is created, so nothing of other processes arrives and no NATS permission is needed: for
   * what a process observes of itself, such as its own supervision. Returns the way to stop.
   */
  observeOwn<T extends EventType>(type: T, handler: EventHandler<T>): () => void {
    let handlers = this.own.get(type);
    if (handlers === undefined) {
      handlers = new Set();
      this.own.set(type, handlers);
    }
    handlers.add(handler as AnyHandler);
    return () => handlers.delete(handler as AnyHandler);
  }

  /** Counts an event this process publishes and hands it to the handlers of its own events. */
  published(event: TradingEvent): void {
    this.publishedCount++;
    this.publishedByType[event.type] = (this.publishedByType[event.type] ?? 0) + 1;
    for (const handler of this.own.get(event.type) ?? []) {
      try {
        handler(event);
      } catch (error) {
        this.handlerFailed(event, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  delivered(): void {
    this.deliveredCount++;
  }

  handlerFailed(event: TradingEvent, error: Error): void {
    this.handlerErrors++;
    this.errorsByType[event.type] = (this.errorsByType[event.type] ?? 0) + 1;
    this.recentErrors.push({ type: event.type, correlationId: event.correlationId, message: error.message });
    if (this.recentErrors.length > RECENT_ERRORS_KEPT) this.recentErrors.shift();
    this.logger.error(
      { err: error, eventType: event.type, eventId: event.eventId, correlationId: event.correlationId },
      'event handler failed',
    );
  }

  metrics(): Pick<
    EventBusMetrics,
    | 'events_published'
    | 'events_delivered'
    | 'handler_errors'
    | 'published_by_type'
    | 'errors_by_type'
    | 'recent_errors'
  > {
    return {
      events_published: this.publishedCount,
      events_delivered: this.deliveredCount,
      handler_errors: this.handlerErrors,
      published_by_type: { ...this.publishedByType },
      errors_by_type: { ...this.errorsByType },
      recent_errors: [...this.recentErrors],
    };
  }
}
