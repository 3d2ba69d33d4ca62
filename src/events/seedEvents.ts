import { z } from 'zod';
import { CandleSchema, IndicatorRowSchema } from './candle.js';
import { envelope } from './eventEnvelope.js';

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
  /** Which limit and the values, one per reason where known (`max_drawdown: 20.30% >= limit 20%`). */
  details: z.array(z.string()).optional(),
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
