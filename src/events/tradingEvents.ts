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

export const DirectionSchema = z.enum(['long', 'short']);
export type Direction = z.infer<typeof DirectionSchema>;

export const DataFetchedEventSchema = z.object({
  type: z.literal('DataFetchedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  bars: z.array(CandleSchema),
  num_bars: z.number().int().nonnegative(),
});

export const NewCandleEventSchema = z.object({
  type: z.literal('NewCandleEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  bar: CandleSchema,
});

export const IndicatorsCalculatedEventSchema = z.object({
  type: z.literal('IndicatorsCalculatedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  /** The last `recent_rows_limit` rows, oldest first; the last row is the candle just closed. */
  recent_rows: z.array(IndicatorRowSchema),
});

export const RegimeChangedEventSchema = z.object({
  type: z.literal('RegimeChangedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  old_regime: z.string(),
  new_regime: z.string(),
});

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

export const ExitReasonSchema = z.enum([
  'opposite_signal',
  'stop_loss',
  'take_profit',
  'max_holding',
  'end_of_data',
  'manual',
]);
export type ExitReason = z.infer<typeof ExitReasonSchema>;

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

export const TradingBlockedEventSchema = z.object({
  type: z.literal('TradingBlockedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  /** E.g. `news_block`, `session_closed`, `risk_breach`, `service_failed`, `stale_data`. */
  reasons: z.array(z.string().min(1)).min(1),
});

export const TradingAuthorizedEventSchema = z.object({
  type: z.literal('TradingAuthorizedEvent'),
  ...envelope,
  symbol: z.string().min(1),
  reason: z.string().min(1),
});

/** System event: a service's lifecycle machine changed state. */
export const ServiceStateChangedEventSchema = z.object({
  type: z.literal('ServiceStateChangedEvent'),
  ...envelope,
  service: z.string().min(1),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});

/** System event: a service failed (initialization, worker or timeout). */
export const ServiceFailedEventSchema = z.object({
  type: z.literal('ServiceFailedEvent'),
  ...envelope,
  service: z.string().min(1),
  error: z.string(),
});

/** System event: the supervisor restarted a service. */
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
 */
export const EndOfDataEventSchema = z.object({
  type: z.literal('EndOfDataEvent'),
  ...envelope,
  reason: z.enum(['exhausted', 'max_candles', 'max_duration']),
  /** Base candles the producer published. */
  candles: z.number().int().nonnegative(),
});

/** The seed's nine events. */
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

export type DataFetchedEvent = z.infer<typeof DataFetchedEventSchema>;
export type NewCandleEvent = z.infer<typeof NewCandleEventSchema>;
export type IndicatorsCalculatedEvent = z.infer<typeof IndicatorsCalculatedEventSchema>;
export type RegimeChangedEvent = z.infer<typeof RegimeChangedEventSchema>;
export type EntrySignalEvent = z.infer<typeof EntrySignalEventSchema>;
export type ExitSignalEvent = z.infer<typeof ExitSignalEventSchema>;
export type OrderPlacedEvent = z.infer<typeof OrderPlacedEventSchema>;
export type TradingBlockedEvent = z.infer<typeof TradingBlockedEventSchema>;
export type TradingAuthorizedEvent = z.infer<typeof TradingAuthorizedEventSchema>;
export type ServiceStateChangedEvent = z.infer<typeof ServiceStateChangedEventSchema>;
export type ServiceFailedEvent = z.infer<typeof ServiceFailedEventSchema>;
export type ServiceRestartedEvent = z.infer<typeof ServiceRestartedEventSchema>;
export type EndOfDataEvent = z.infer<typeof EndOfDataEventSchema>;

/** The discriminated union of every event that travels on the bus. */
export type TradingEvent = z.infer<typeof TradingEventSchema>;
export type EventType = TradingEvent['type'];
/** The event whose `type` is `T`. */
export type EventOf<T extends EventType> = Extract<TradingEvent, { type: T }>;
/** An event's own fields, without the envelope the factory fills in. */
export type EventPayload<T extends EventType> = Omit<
  EventOf<T>,
  'type' | 'eventId' | 'timestamp' | 'correlationId' | 'causationId'
>;

export const eventTypes = Object.keys(eventSchemas) as EventType[];
