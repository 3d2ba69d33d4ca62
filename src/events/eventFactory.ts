import { CorrelationContext } from '../logging/correlationContext.js';
import type { Clock } from '../util/clock.js';
import type { IdGenerator } from '../util/idGenerator.js';
import type { Candle, IndicatorRow } from './candle.js';
import type {
  DataFetchedEvent,
  EventOf,
  EventPayload,
  EventType,
  IndicatorsCalculatedEvent,
  NewCandleEvent,
  TradingEvent,
} from './tradingEvents.js';

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
    const correlationId = this.correlationOf(cause);
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

  /**
   * The events every bar carries, each built as one object literal (no payload object to copy): the same
   * keys, in the same order, with the same ids as `create` gives them. A fetch starts a causal chain in the
   * current correlation scope; a candle and its indicator rows follow from a cause.
   *
   * @example
   * ```ts
   * const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
   * const bar = new EventBuilders().candle({ close: 1.1 });
   * const fetched = events.dataFetched('EURUSD', '1', [bar]);
   * const candle = events.newCandle('EURUSD', '1', bar, fetched);
   * const rows = events.indicatorsCalculated('EURUSD', '1', [], candle);
   * ```
   */
  dataFetched(symbol: string, timeframe: string, bars: Candle[]): DataFetchedEvent {
    const correlationId = this.correlationOf(undefined);
    return {
      type: 'DataFetchedEvent',
      eventId: this.ids.eventId(),
      timestamp: this.clock.now(),
      correlationId,
      symbol,
      timeframe,
      bars,
      num_bars: bars.length,
    };
  }

  /** `create('NewCandleEvent', { symbol, timeframe, bar }, cause)` (see {@link dataFetched}). */
  newCandle(symbol: string, timeframe: string, bar: Candle, cause: TradingEvent): NewCandleEvent {
    const correlationId = this.correlationOf(cause);
    // A literal per event type, not one builder with a computed last key: that measured five times dearer.
    return {
      type: 'NewCandleEvent',
      eventId: this.ids.eventId(),
      timestamp: this.clock.now(),
      correlationId,
      causationId: cause.eventId,
      symbol,
      timeframe,
      bar,
    };
  }

  /** `create('IndicatorsCalculatedEvent', { symbol, timeframe, recent_rows }, cause)` (see {@link dataFetched}). */
  indicatorsCalculated(
    symbol: string,
    timeframe: string,
    rows: IndicatorRow[],
    cause: TradingEvent,
  ): IndicatorsCalculatedEvent {
    const correlationId = this.correlationOf(cause);
    return {
      type: 'IndicatorsCalculatedEvent',
      eventId: this.ids.eventId(),
      timestamp: this.clock.now(),
      correlationId,
      causationId: cause.eventId,
      symbol,
      timeframe,
      recent_rows: rows,
    };
  }

  /** The cause's correlation id, else the current scope's, else a new one (drawn before the event id). */
  private correlationOf(cause: TradingEvent | undefined): string {
    return cause?.correlationId ?? CorrelationContext.current() ?? this.ids.correlationId();
  }
}
