import type { Candle, IndicatorRow } from '../events/candle.js';
import { EventFactory } from '../events/eventFactory.js';
import type { EventOf, EventPayload, EventType } from '../events/tradingEvents.js';
import { SimulatedClock } from '../util/clock.js';
import { createIdGenerator } from '../util/idGenerator.js';

const defaultFactory = () =>
  new EventFactory(new SimulatedClock(Date.parse('2025-01-06T10:00:00Z')), createIdGenerator(1));

/**
 * Builds complete events for tests with few keystrokes: envelope filled in (seeded ids, simulated time),
 * sensible defaults for the payload, any field overridable.
 *
 * @example
 * ```ts
 * const events = new EventBuilders();
 * const candle = events.newCandle({ bar: events.candle({ close: 1.1 }) });
 * const signal = events.entrySignal({ direction: 'short' }, candle);
 * signal.correlationId === candle.correlationId; // true
 * ```
 */
export class EventBuilders {
  constructor(readonly factory: EventFactory = defaultFactory()) {}

  /** Any event type with its full payload. */
  build<T extends EventType>(type: T, payload: EventPayload<T>, cause?: EventOf<EventType>): EventOf<T> {
    return this.factory.create(type, payload, cause);
  }

  candle(overrides: Partial<Candle> = {}): Candle {
    const close = overrides.close ?? 1.1;
    return {
      time: this.factory.clock.now(),
      open: close,
      high: Math.max(close, overrides.open ?? close) + 0.0005,
      low: Math.min(close, overrides.open ?? close) - 0.0005,
      close,
      volume: 100,
      ...overrides,
    };
  }

  row(overrides: Partial<IndicatorRow> = {}): IndicatorRow {
    return { ...this.candle(overrides), indicators: {}, regime: 'unknown', ...overrides };
  }

  newCandle(payload: Partial<EventPayload<'NewCandleEvent'>> = {}, cause?: EventOf<EventType>) {
    return this.build(
      'NewCandleEvent',
      { symbol: 'EURUSD', timeframe: '1', bar: this.candle(), ...payload },
      cause,
    );
  }

  indicatorsCalculated(
    payload: Partial<EventPayload<'IndicatorsCalculatedEvent'>> = {},
    cause?: EventOf<EventType>,
  ) {
    return this.build(
      'IndicatorsCalculatedEvent',
      { symbol: 'EURUSD', timeframe: '1', recent_rows: [this.row()], ...payload },
      cause,
    );
  }

  entrySignal(payload: Partial<EventPayload<'EntrySignalEvent'>> = {}, cause?: EventOf<EventType>) {
    return this.build(
      'EntrySignalEvent',
      {
        symbol: 'EURUSD',
        strategy_name: 'test_strategy',
        direction: 'long',
        timeframe: '1',
        candle_time: this.factory.clock.now(),
        price: 1.1,
        ...payload,
      },
      cause,
    );
  }

  exitSignal(payload: Partial<EventPayload<'ExitSignalEvent'>> = {}, cause?: EventOf<EventType>) {
    return this.build(
      'ExitSignalEvent',
      {
        symbol: 'EURUSD',
        strategy_name: 'test_strategy',
        direction: 'long',
        timeframe: '1',
        candle_time: this.factory.clock.now(),
        price: 1.1,
        reason: 'opposite_signal',
        ...payload,
      },
      cause,
    );
  }

  orderPlaced(payload: Partial<EventPayload<'OrderPlacedEvent'>> = {}, cause?: EventOf<EventType>) {
    return this.build(
      'OrderPlacedEvent',
      {
        symbol: 'EURUSD',
        order_type: 'market',
        direction: 'long',
        size: 0.1,
        client_order_id: 'test_strategy:EURUSD:1:20250106T100000Z:open',
        strategy_name: 'test_strategy',
        intent: 'open',
        price: 1.1,
        ...payload,
      },
      cause,
    );
  }
}
