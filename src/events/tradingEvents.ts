import { z } from 'zod';
import {
  EndOfDataEventSchema,
  ServiceFailedEventSchema,
  ServiceRestartedEventSchema,
  ServiceStateChangedEventSchema,
} from './systemEvents.js';
import {
  DataFetchedEventSchema,
  EntrySignalEventSchema,
  ExitSignalEventSchema,
  IndicatorsCalculatedEventSchema,
  NewCandleEventSchema,
  OrderPlacedEventSchema,
  RegimeChangedEventSchema,
  TradingAuthorizedEventSchema,
  TradingBlockedEventSchema,
} from './tradingEventSchemas.js';

/**
 * The specification's nine events.
 *
 * @example
 * ```ts
 * Object.keys(seedEventSchemas); // ['DataFetchedEvent', 'NewCandleEvent', ...]
 * ```
 */
export const seedEventSchemas = {
  DataFetchedEvent: DataFetchedEventSchema,
  NewCandleEvent: NewCandleEventSchema,
  IndicatorsCalculatedEvent: IndicatorsCalculatedEventSchema,
  RegimeChangedEvent: RegimeChangedEventSchema,
  EntrySignalEvent: EntrySignalEventSchema,
  ExitSignalEvent: ExitSignalEventSchema,
  OrderPlacedEvent: OrderPlacedEventSchema,
  TradingBlockedEvent: TradingBlockedEventSchema,
  TradingAuthorizedEvent: TradingAuthorizedEventSchema,
} as const;

/**
 * Every event schema by its `type`. Use at the edges of the process (files, other processes, the
 * network) to validate what arrives.
 *
 * @example
 * ```ts
 * const message = '{"type":"NewCandleEvent"}'; // e.g. a line read from a socket
 * const result = eventSchemas.NewCandleEvent.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (!result.success) console.error(result.error.issues);
 * ```
 */
export const eventSchemas = {
  ...seedEventSchemas,
  ServiceStateChangedEvent: ServiceStateChangedEventSchema,
  ServiceFailedEvent: ServiceFailedEventSchema,
  ServiceRestartedEvent: ServiceRestartedEventSchema,
  EndOfDataEvent: EndOfDataEventSchema,
} as const;

/**
 * Any event on the bus, discriminated by `type`: validate a stream of mixed events with it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 *
 * const line = readFileSync('events.jsonl', 'utf8').split('\n')[0] ?? '';
 * const event = TradingEventSchema.parse(JSON.parse(line)); // any event, discriminated by `type`
 * if (event.type === 'OrderPlacedEvent') console.log(event.client_order_id);
 * ```
 */
export const TradingEventSchema = z.discriminatedUnion('type', [
  DataFetchedEventSchema,
  NewCandleEventSchema,
  IndicatorsCalculatedEventSchema,
  RegimeChangedEventSchema,
  EntrySignalEventSchema,
  ExitSignalEventSchema,
  OrderPlacedEventSchema,
  TradingBlockedEventSchema,
  TradingAuthorizedEventSchema,
  ServiceStateChangedEventSchema,
  ServiceFailedEventSchema,
  ServiceRestartedEventSchema,
  EndOfDataEventSchema,
]);

/**
 * Bars fetched from the data source for one symbol and timeframe (`data_fetching`).
 *
 * @example
 * ```ts
 * system.bus.subscribe('DataFetchedEvent', (event) => console.log(event.symbol, event.num_bars));
 * ```
 */
export type DataFetchedEvent = z.infer<typeof DataFetchedEventSchema>;
/**
 * A candle of `timeframe` just closed; starts an indicator → strategy → execution cycle.
 *
 * @example
 * ```ts
 * system.bus.subscribe('NewCandleEvent', (event) => console.log(event.symbol, event.timeframe, event.bar.close));
 * ```
 */
export type NewCandleEvent = z.infer<typeof NewCandleEventSchema>;
/**
 * Indicator rows for the candle just closed (`indicator_calculation`); strategies read `recent_rows`.
 *
 * @example
 * ```ts
 * system.bus.subscribe('IndicatorsCalculatedEvent', (event) => console.log(event.recent_rows.at(-1)?.indicators));
 * ```
 */
export type IndicatorsCalculatedEvent = z.infer<typeof IndicatorsCalculatedEventSchema>;
/**
 * The market regime of a symbol and timeframe changed (trending, ranging, ...).
 *
 * @example
 * ```ts
 * system.bus.subscribe('RegimeChangedEvent', (event) => console.log(`${event.old_regime} -> ${event.new_regime}`));
 * ```
 */
export type RegimeChangedEvent = z.infer<typeof RegimeChangedEventSchema>;
/**
 * A strategy wants to open a position (`strategy_evaluation`); the executor sizes and places it.
 *
 * @example
 * ```ts
 * system.bus.subscribe('EntrySignalEvent', (signal) => console.log(signal.strategy_name, signal.direction, signal.symbol));
 * ```
 */
export type EntrySignalEvent = z.infer<typeof EntrySignalEventSchema>;
/**
 * A position should be closed (stop-loss, take-profit, holding time, opposite signal, ...).
 *
 * @example
 * ```ts
 * system.bus.subscribe('ExitSignalEvent', (signal) => console.log(signal.strategy_name, signal.reason));
 * ```
 */
export type ExitSignalEvent = z.infer<typeof ExitSignalEventSchema>;
/**
 * An order was filled by the broker (`trade_execution`): the open or close of a position.
 *
 * @example
 * ```ts
 * system.bus.subscribe('OrderPlacedEvent', (order) => console.log(order.intent, order.direction, order.size, order.symbol));
 * ```
 */
export type OrderPlacedEvent = z.infer<typeof OrderPlacedEventSchema>;
/**
 * Risk checks stopped new entries (daily loss, drawdown, session, news window, ...).
 *
 * @example
 * ```ts
 * system.bus.subscribe('TradingBlockedEvent', (event) => console.warn('blocked:', event.reasons.join(', ')));
 * ```
 */
export type TradingBlockedEvent = z.infer<typeof TradingBlockedEventSchema>;
/**
 * New entries are allowed again after a `TradingBlockedEvent`.
 *
 * @example
 * ```ts
 * system.bus.subscribe('TradingAuthorizedEvent', (event) => console.log('authorized again', event.timestamp));
 * ```
 */
export type TradingAuthorizedEvent = z.infer<typeof TradingAuthorizedEventSchema>;

/**
 * The discriminated union of every event that travels on the bus.
 *
 * @example
 * ```ts
 * bus.subscribe('*', (event: TradingEvent) => console.log(event.type, event.correlationId));
 * ```
 */
export type TradingEvent = z.infer<typeof TradingEventSchema>;
/**
 * The `type` of any event: `'NewCandleEvent' | 'OrderPlacedEvent' | ...`.
 *
 * @example
 * ```ts
 * const counts = new Map<EventType, number>();
 * bus.subscribe('*', (event) => counts.set(event.type, (counts.get(event.type) ?? 0) + 1));
 * ```
 */
export type EventType = TradingEvent['type'];
/**
 * The event whose `type` is `T`.
 *
 * @example
 * ```ts
 * const onOrder = (order: EventOf<'OrderPlacedEvent'>) => console.log(order.size);
 * ```
 */
export type EventOf<T extends EventType> = Extract<TradingEvent, { type: T }>;
/**
 * An event's own fields, without the envelope the factory fills in.
 *
 * @example
 * ```ts
 * const bar = new EventBuilders().candle({ close: 1.1 });
 * const payload: EventPayload<'NewCandleEvent'> = { symbol: 'EURUSD', timeframe: '1', bar };
 * const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
 * bus.publish(events.create('NewCandleEvent', payload));
 * ```
 */
export type EventPayload<T extends EventType> = Omit<
  EventOf<T>,
  'type' | 'eventId' | 'timestamp' | 'correlationId' | 'causationId'
>;

/**
 * Every event type, in catalog order.
 *
 * @example
 * ```ts
 * for (const type of eventTypes) console.log(type, eventSchemas[type].description ?? '');
 * ```
 */
export const eventTypes = Object.keys(eventSchemas) as EventType[];

export {
  type EndOfDataEvent,
  EndOfDataEventSchema,
  type ServiceFailedEvent,
  ServiceFailedEventSchema,
  type ServiceRestartedEvent,
  ServiceRestartedEventSchema,
  type ServiceStateChangedEvent,
  ServiceStateChangedEventSchema,
} from './systemEvents.js';
export {
  DataFetchedEventSchema,
  type Direction,
  DirectionSchema,
  EntrySignalEventSchema,
  type ExitReason,
  ExitReasonSchema,
  ExitSignalEventSchema,
  IndicatorsCalculatedEventSchema,
  NewCandleEventSchema,
  OrderPlacedEventSchema,
  RegimeChangedEventSchema,
  TradingAuthorizedEventSchema,
  TradingBlockedEventSchema,
} from './tradingEventSchemas.js';
