import { CorrelationContext } from '../logging/correlationContext.js';
import type { Clock } from '../util/clock.js';
import type { IdGenerator } from '../util/idGenerator.js';
import type { EventOf, EventPayload, EventType, TradingEvent } from './tradingEvents.js';

/**
 * Builds events with their envelope filled in: a fresh `eventId`, `timestamp` from the injected clock,
 * the `correlationId` of the event that caused it (or of the current correlation scope, or a new one),
 * and `causationId` = the cause's `eventId`.
 *
 * @example
 * ```ts
 * const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
 * const bar = new EventBuilders().candle({ close: 1.1 });
 * const candle = events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
 * const rows = events.create('IndicatorsCalculatedEvent', { symbol: 'EURUSD', timeframe: '1', recent_rows: [] }, candle);
 * rows.correlationId === candle.correlationId; // true
 * ```
 */
export class EventFactory {
  constructor(
    readonly clock: Clock,
    readonly ids: IdGenerator,
  ) {}

  create<T extends EventType>(type: T, payload: EventPayload<T>, cause?: TradingEvent): EventOf<T> {
    const correlationId = cause?.correlationId ?? CorrelationContext.current() ?? this.ids.correlationId();
    // Two literal shapes and one copy of the payload: spreading an optional `{ causationId }` allocated
    // an object per event, and a spread of payloads of many shapes is a megamorphic clone (several
    // events per bar). The key order, and so every serialized event, stays the same.
    const envelope = cause
      ? {
          type,
          eventId: this.ids.eventId(),
          timestamp: this.clock.now(),
          correlationId,
          causationId: cause.eventId,
        }
      : { type, eventId: this.ids.eventId(), timestamp: this.clock.now(), correlationId };
    return Object.assign(envelope, payload) as unknown as EventOf<T>;
  }
}
