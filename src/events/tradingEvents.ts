import { z } from 'zod';
import { CandleSchema, IndicatorRowSchema } from './candle.js';

/** Fields every event carries: identity, time from the injected clock, and tracing. */
const envelope = {
  eventId: z.string().min(1),
  /** Epoch milliseconds from the system's clock (simulated in backtests). */
  timestamp: z.number().int().nonnegative(),
  correlationId: z.string().min(1),
  /** The `eventId` of the event that caused this one, when there is one. */
  causationId: z.string().min(1).optional(),
};

/**
 * Direction of a position or a signal: `long` or `short`.
 *
 * @example
 * ```ts
 * DirectionSchema.parse('long'); // 'long'
 * DirectionSchema.safeParse('up').success; // false
 * ```
 */
export const DirectionSchema = z.enum(['long', 'short']);
/**
 * `long` or `short` (see {@link DirectionSchema}).
 *
 * @example
 * ```ts
 * const flip = (direction: Direction): Direction => (direction === 'long' ? 'short' : 'long');
 * ```
 */
export type Direction = z.infer<typeof DirectionSchema>;

/**
 * Schema of `DataFetchedEvent` (envelope + payload): validate events arriving from outside the process.
 * Bars fetched from the data source for one symbol and timeframe (`data_fetching`).
 *
 * @example
 * ```ts
 * const result = DataFetchedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const DataFetchedEventSchema = z.object({
  type: z.literal('DataFetchedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  bars: z.array(CandleSchema),
  num_bars: z.number().int().nonnegative(),
});

/**
 * Schema of `NewCandleEvent` (envelope + payload): validate events arriving from outside the process.
 * A candle of `timeframe` just closed; starts an indicator → strategy → execution cycle.
 *
 * @example
 * ```ts
 * const result = NewCandleEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const NewCandleEventSchema = z.object({
  type: z.literal('NewCandleEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  bar: CandleSchema,
});

/**
 * Schema of `IndicatorsCalculatedEvent` (envelope + payload): validate events arriving from outside the process.
 * Indicator rows for the candle just closed (`indicator_calculation`); strategies read `recent_rows`.
 *
 * @example
 * ```ts
 * const result = IndicatorsCalculatedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const IndicatorsCalculatedEventSchema = z.object({
  type: z.literal('IndicatorsCalculatedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  /** The last `recent_rows_limit` rows, oldest first; the last row is the candle just closed. */
  recent_rows: z.array(IndicatorRowSchema),
});

/**
 * Schema of `RegimeChangedEvent` (envelope + payload): validate events arriving from outside the process.
 * The market regime of a symbol and timeframe changed (trending, ranging, ...).
 *
 * @example
 * ```ts
 * const result = RegimeChangedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const RegimeChangedEventSchema = z.object({
  type: z.literal('RegimeChangedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  old_regime: z.string(),
  new_regime: z.string(),
});

/**
 * Schema of `EntrySignalEvent` (envelope + payload): validate events arriving from outside the process.
 * A strategy wants to open a position (`strategy_evaluation`); the executor sizes and places it.
 *
 * @example
 * ```ts
 * const result = EntrySignalEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const EntrySignalEventSchema = z.object({
  type: z.literal('EntrySignalEvent'),
  ...envelope,
  symbol: z.string().min(1),
  strategy_name: z.string().min(1),
  direction: DirectionSchema,
  timeframe: z.string().min(1),
  /** Open time of the closed candle the decision was made on. */
  candle_time: z.number().int().nonnegative(),
  /** Close of that candle: the reference price for sizing. */
  price: z.number().positive(),
  stop_loss: z.number().positive().optional(),
  take_profit: z.number().positive().optional(),
});

/**
 * Why a position is closed, as `ExitSignalEvent.reason` gives it.
 *
 * @example
 * ```ts
 * ExitReasonSchema.options; // ['opposite_signal', 'stop_loss', 'take_profit', 'max_holding', 'end_of_data', 'manual']
 * ```
 */
export const ExitReasonSchema = z.enum([
  'opposite_signal',
  'stop_loss',
  'take_profit',
  'max_holding',
  'end_of_data',
  'manual',
]);
/**
 * Why a position was closed (see {@link ExitReasonSchema}).
 *
 * @example
 * ```ts
 * const hitALevel = (reason: ExitReason) => reason === 'stop_loss' || reason === 'take_profit';
 * ```
 */
export type ExitReason = z.infer<typeof ExitReasonSchema>;

/**
 * Schema of `ExitSignalEvent` (envelope + payload): validate events arriving from outside the process.
 * A position should be closed (stop-loss, take-profit, holding time, opposite signal, ...).
 *
 * @example
 * ```ts
 * const result = ExitSignalEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const ExitSignalEventSchema = z.object({
  type: z.literal('ExitSignalEvent'),
  ...envelope,
  symbol: z.string().min(1),
  strategy_name: z.string().min(1),
  /** Direction of the position being closed. */
  direction: DirectionSchema,
  timeframe: z.string().min(1),
  candle_time: z.number().int().nonnegative(),
  price: z.number().positive(),
  reason: ExitReasonSchema,
});

/**
 * Schema of `OrderPlacedEvent` (envelope + payload): validate events arriving from outside the process.
 * An order was filled by the broker (`trade_execution`): the open or close of a position.
 *
 * @example
 * ```ts
 * const result = OrderPlacedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const OrderPlacedEventSchema = z.object({
  type: z.literal('OrderPlacedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  order_type: z.enum(['market', 'limit', 'stop']),
  direction: DirectionSchema,
  size: z.number().positive(),
  /** Deterministic id (strategy, symbol, timeframe, candle time, intent): a replayed signal maps to the same id. */
  client_order_id: z.string().min(1),
  strategy_name: z.string().min(1),
  /** Whether the order opens or closes a position. */
  intent: z.enum(['open', 'close']),
  /** Fill price, when the broker filled it at once. */
  price: z.number().positive().optional(),
});

/**
 * Schema of `TradingBlockedEvent` (envelope + payload): validate events arriving from outside the process.
 * Risk checks stopped new entries (daily loss, drawdown, session, news window, ...).
 *
 * @example
 * ```ts
 * const result = TradingBlockedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const TradingBlockedEventSchema = z.object({
  type: z.literal('TradingBlockedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  /** E.g. `news_block`, `session_closed`, `risk_breach`, `service_failed`, `stale_data`. */
  reasons: z.array(z.string().min(1)).min(1),
});

/**
 * Schema of `TradingAuthorizedEvent` (envelope + payload): validate events arriving from outside the process.
 * New entries are allowed again after a `TradingBlockedEvent`.
 *
 * @example
 * ```ts
 * const result = TradingAuthorizedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const TradingAuthorizedEventSchema = z.object({
  type: z.literal('TradingAuthorizedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  reason: z.string().min(1),
});

/**
 * System event: a service's lifecycle machine changed state.
 *
 * @example
 * ```ts
 * const result = ServiceStateChangedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const ServiceStateChangedEventSchema = z.object({
  type: z.literal('ServiceStateChangedEvent'),
  ...envelope,
  service: z.string().min(1),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});

/**
 * System event: a service failed (initialization, worker or timeout).
 *
 * @example
 * ```ts
 * const result = ServiceFailedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const ServiceFailedEventSchema = z.object({
  type: z.literal('ServiceFailedEvent'),
  ...envelope,
  service: z.string().min(1),
  error: z.string(),
});

/**
 * System event: the supervisor restarted a service.
 *
 * @example
 * ```ts
 * const result = ServiceRestartedEventSchema.safeParse(JSON.parse(message));
 * if (result.success) handle(result.data);
 * ```
 */
export const ServiceRestartedEventSchema = z.object({
  type: z.literal('ServiceRestartedEvent'),
  ...envelope,
  service: z.string().min(1),
  /** Restarts of this service so far, this one included. */
  restart_count: z.number().int().positive(),
});

/**
 * System event: the data producer's run ended (data exhausted, `max_candles` or `max_duration_seconds`)
 * after everything it published was processed downstream. Processes without `data_fetching` stop on it.
 *
 * @example
 * ```ts
 * const result = EndOfDataEventSchema.safeParse(JSON.parse(message));
 * if (result.success) console.log(result.data.reason, result.data.candles);
 * ```
 */
export const EndOfDataEventSchema = z.object({
  type: z.literal('EndOfDataEvent'),
  ...envelope,
  reason: z.enum(['exhausted', 'max_candles', 'max_duration']),
  /** Base candles the producer published. */
  candles: z.number().int().nonnegative(),
});

/**
 * The seed's nine events.
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
 * const result = TradingEventSchema.safeParse(JSON.parse(message));
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
 * A service actor changed lifecycle state (INITIALIZING, RUNNING, STOPPING, STOPPED, FAILED).
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceStateChangedEvent', (event) => console.log(event));
 * ```
 */
export type ServiceStateChangedEvent = z.infer<typeof ServiceStateChangedEventSchema>;
/**
 * A service actor failed; the orchestrator decides whether to restart it.
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceFailedEvent', (event) => console.error(event));
 * ```
 */
export type ServiceFailedEvent = z.infer<typeof ServiceFailedEventSchema>;
/**
 * The orchestrator restarted a failed service.
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceRestartedEvent', (event) => console.log(event));
 * ```
 */
export type ServiceRestartedEvent = z.infer<typeof ServiceRestartedEventSchema>;
/**
 * The data producer finished the run (see {@link EndOfDataEventSchema}).
 *
 * @example
 * ```ts
 * system.bus.subscribe('EndOfDataEvent', (event) => console.log(`producer done: ${event.reason} after ${event.candles} candles`));
 * ```
 */
export type EndOfDataEvent = z.infer<typeof EndOfDataEventSchema>;

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
 * const payload: EventPayload<'NewCandleEvent'> = { symbol: 'EURUSD', timeframe: '1', bar };
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
