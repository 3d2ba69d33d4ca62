import { z } from 'zod';
import { CandleSchema, IndicatorRowSchema } from './candle.js';
import { envelope } from './eventEnvelope.js';
import { eventFields } from './eventFields.js';

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
 * const message = '{"type":"DataFetchedEvent"}'; // e.g. a line read from a socket
 * const result = DataFetchedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const DataFetchedEventSchema = z
  .object({
    type: z.literal('DataFetchedEvent'),
    ...envelope,
    symbol: eventFields.symbol,
    timeframe: eventFields.timeframe,
    bars: z.array(CandleSchema).max(100_000),
    num_bars: z.number().int().nonnegative(),
  })
  .superRefine((event, context) => {
    if (event.num_bars !== event.bars.length)
      context.addIssue({
        code: 'custom',
        path: ['num_bars'],
        message: `num_bars is ${event.num_bars} but ${event.bars.length} bar${event.bars.length === 1 ? ' was' : 's were'} sent`,
      });
  });

/**
 * Schema of `NewCandleEvent` (envelope + payload): validate events arriving from outside the process.
 * A candle of `timeframe` just closed; starts an indicator → strategy → execution cycle.
 *
 * @example
 * ```ts
 * const message = '{"type":"NewCandleEvent"}'; // e.g. a line read from a socket
 * const result = NewCandleEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const NewCandleEventSchema = z.object({
  type: z.literal('NewCandleEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  timeframe: eventFields.timeframe,
  bar: CandleSchema,
});

/**
 * Schema of `IndicatorsCalculatedEvent` (envelope + payload): validate events arriving from outside the process.
 * Indicator rows for the candle just closed (`indicator_calculation`); strategies read `recent_rows`.
 *
 * @example
 * ```ts
 * const message = '{"type":"IndicatorsCalculatedEvent"}'; // e.g. a line read from a socket
 * const result = IndicatorsCalculatedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const IndicatorsCalculatedEventSchema = z.object({
  type: z.literal('IndicatorsCalculatedEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  timeframe: eventFields.timeframe,
  /** The last `recent_rows_limit` rows, oldest first; the last row is the candle just closed. */
  recent_rows: z.array(IndicatorRowSchema).max(10_000),
});

/**
 * Schema of `RegimeChangedEvent` (envelope + payload): validate events arriving from outside the process.
 * The market regime of a symbol and timeframe changed (trending, ranging, ...).
 *
 * @example
 * ```ts
 * const message = '{"type":"RegimeChangedEvent"}'; // e.g. a line read from a socket
 * const result = RegimeChangedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const RegimeChangedEventSchema = z.object({
  type: z.literal('RegimeChangedEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  timeframe: eventFields.timeframe,
  old_regime: z.string().max(128),
  new_regime: z.string().max(128),
});

/**
 * Schema of `EntrySignalEvent` (envelope + payload): validate events arriving from outside the process.
 * A strategy wants to open a position (`strategy_evaluation`); the executor sizes and places it.
 *
 * @example
 * ```ts
 * const message = '{"type":"EntrySignalEvent"}'; // e.g. a line read from a socket
 * const result = EntrySignalEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const EntrySignalEventSchema = z
  .object({
    type: z.literal('EntrySignalEvent'),
    ...envelope,
    symbol: eventFields.symbol,
    strategy_name: eventFields.name,
    direction: DirectionSchema,
    timeframe: eventFields.timeframe,
    /** Open time of the closed candle the decision was made on. */
    candle_time: eventFields.time,
    /** Close of that candle: the reference price for sizing. */
    price: eventFields.price,
    stop_loss: eventFields.price.optional(),
    take_profit: eventFields.price.optional(),
    /** Enter with a limit order at this price (at or below `price` for a long) instead of at market. */
    limit_price: eventFields.price.optional(),
  })
  .superRefine(checkStopSides);

/**
 * A long entry's stop lies below its entry price and its target above; a short's the other way round. A
 * stop on the wrong side would close the position at once, a sign of a sender mixing up directions. The
 * entry price is the limit when there is one, and a long's limit lies at or below the decision price (a
 * buy limit above the market is a market order in disguise).
 */
function checkStopSides(
  signal: {
    direction: 'long' | 'short';
    price: number;
    stop_loss?: number | undefined;
    take_profit?: number | undefined;
    limit_price?: number | undefined;
  },
  context: z.core.$RefinementCtx,
): void {
  const long = signal.direction === 'long';
  const { stop_loss: stop, take_profit: target, limit_price: limit } = signal;
  if (limit !== undefined && (long ? limit > signal.price : limit < signal.price))
    context.addIssue({
      code: 'custom',
      path: ['limit_price'],
      message: `a ${signal.direction} entry decided at ${signal.price} needs its limit ${long ? 'at or below' : 'at or above'} that price, got ${limit}`,
    });
  const price = limit ?? signal.price;
  if (stop !== undefined && (long ? stop > price : stop < price))
    context.addIssue({
      code: 'custom',
      path: ['stop_loss'],
      message: `a ${signal.direction} entry at ${price} needs its stop ${long ? 'below' : 'above'} the price, got ${stop}`,
    });
  if (target !== undefined && (long ? target < price : target > price))
    context.addIssue({
      code: 'custom',
      path: ['take_profit'],
      message: `a ${signal.direction} entry at ${price} needs its target ${long ? 'above' : 'below'} the price, got ${target}`,
    });
}

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
 * const message = '{"type":"ExitSignalEvent"}'; // e.g. a line read from a socket
 * const result = ExitSignalEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const ExitSignalEventSchema = z.object({
  type: z.literal('ExitSignalEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  strategy_name: eventFields.name,
  /** Direction of the position being closed. */
  direction: DirectionSchema,
  timeframe: eventFields.timeframe,
  candle_time: eventFields.time,
  price: eventFields.price,
  reason: ExitReasonSchema,
});

/**
 * Schema of `OrderPlacedEvent` (envelope + payload): validate events arriving from outside the process.
 * An order was filled by the broker (`trade_execution`): the open or close of a position.
 *
 * @example
 * ```ts
 * const message = '{"type":"OrderPlacedEvent"}'; // e.g. a line read from a socket
 * const result = OrderPlacedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const OrderPlacedEventSchema = z.object({
  type: z.literal('OrderPlacedEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  order_type: z.enum(['market', 'limit', 'stop']),
  direction: DirectionSchema,
  size: z.number().positive(),
  /** Deterministic id (strategy, symbol, timeframe, candle time, intent): a replayed signal maps to the same id. */
  client_order_id: eventFields.id,
  strategy_name: eventFields.name,
  /** Whether the order opens or closes a position. */
  intent: z.enum(['open', 'close']),
  /** Fill price, when the broker filled it at once. */
  price: eventFields.price.optional(),
});

/**
 * Schema of `TradingBlockedEvent` (envelope + payload): validate events arriving from outside the process.
 * Risk checks stopped new entries (daily loss, drawdown, session, news window, ...).
 *
 * @example
 * ```ts
 * const message = '{"type":"TradingBlockedEvent"}'; // e.g. a line read from a socket
 * const result = TradingBlockedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const TradingBlockedEventSchema = z.object({
  type: z.literal('TradingBlockedEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  /** E.g. `news_block`, `session_closed`, `risk_breach`, `service_failed`, `stale_data`. */
  reasons: z.array(eventFields.name).min(1).max(32),
  /** Which limit and the values, one per reason where known (`max_drawdown: 20.30% >= limit 20%`). */
  details: z.array(z.string().max(500)).max(32).optional(),
});

/**
 * Schema of `TradingAuthorizedEvent` (envelope + payload): validate events arriving from outside the process.
 * New entries are allowed again after a `TradingBlockedEvent`.
 *
 * @example
 * ```ts
 * const message = '{"type":"TradingAuthorizedEvent"}'; // e.g. a line read from a socket
 * const result = TradingAuthorizedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const TradingAuthorizedEventSchema = z.object({
  type: z.literal('TradingAuthorizedEvent'),
  ...envelope,
  symbol: eventFields.symbol,
  reason: eventFields.name,
});
