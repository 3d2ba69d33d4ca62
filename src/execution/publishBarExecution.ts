import type { EventBusPort } from '../bus/busTypes.js';
import type { Candle } from '../events/candle.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { NewCandleEvent, TradingEvent } from '../events/tradingEvents.js';
import { plainNumberText } from '../util/plainNumberText.js';
import type { Fill, OrderRequest } from './broker.js';
import type { BarExecution, TradeExecutor } from './tradeExecutor.js';

/**
 * What publishing an order needs: a bus-like `publish`, the event factory and a logger.
 *
 * @example
 * ```ts
 * const io: OrderEventsIo = { publish: (event) => bus.publish(event), events, logger };
 * ```
 */
export interface OrderEventsIo {
  publish(event: TradingEvent): void;
  readonly events: EventFactory;
  readonly logger: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
  };
  /**
   * Which of the logger's levels are on, read once (absent: both on). Checked before the logger is
   * touched: a pino child logger's hidden class is new with each system, so reading a method of it in this
   * hot code deoptimised it at every new system (the optimiser's trials, the benchmarks' rounds), and a
   * disabled line still built its message.
   */
  readonly logs?: OrderLogLevels;
}

/**
 * The levels an order is logged at, whether each is on.
 *
 * @example
 * ```ts
 * const logs: OrderLogLevels = { info: logger.isLevelEnabled('info'), warn: logger.isLevelEnabled('warn') };
 * ```
 */
export interface OrderLogLevels {
  readonly info: boolean;
  readonly warn: boolean;
}

/**
 * Publishes the `OrderPlacedEvent` of a fill (caused by its signal, or by the bar for stops, targets and
 * margin calls) and logs it; the one place an order becomes an event.
 *
 * @example
 * ```ts
 * publishOrderPlaced(io, result.fill, result.order, signal);
 * ```
 */
export function publishOrderPlaced(
  io: OrderEventsIo,
  fill: Fill,
  order: OrderRequest,
  cause?: TradingEvent,
): void {
  const level = order.reason === 'margin_call' ? 'warn' : 'info';
  if (io.logs === undefined || io.logs[level]) {
    const why = order.reason === undefined || order.intent === 'open' ? '' : ` (${order.reason})`;
    io.logger[level](
      { symbol: fill.symbol, strategy: fill.strategyName, client_order_id: fill.clientOrderId },
      `Order placed: ${order.intent} ${fill.direction} ${fill.size} ${fill.symbol} @ ${plainNumberText(fill.price)}${why}`,
    );
  }
  io.publish(
    io.events.create(
      'OrderPlacedEvent',
      {
        symbol: fill.symbol,
        order_type: order.orderType ?? 'market',
        direction: fill.direction,
        size: fill.size,
        client_order_id: fill.clientOrderId,
        strategy_name: fill.strategyName,
        intent: order.intent,
        price: fill.price,
      },
      cause,
    ),
  );
}

/**
 * Lets the executor see every base bar before the strategies do (see `TradeExecutor.onBar`): working
 * orders fill at its open, stops and targets inside it, margin is checked at its close. It subscribes to
 * the bus directly, ahead of the services, because the order matters: a position opened at this bar's
 * open must exist when the strategies evaluate this bar's close. The running `TradeExecutionService`
 * handles the bar (and counts and publishes what happens); while it is not running the executor still
 * sees the bar — the market does not wait for a restart — and the events go straight to the bus.
 *
 * @example
 * ```ts
 * subscribeBarExecution(bus, executor, { events, logger, baseTimeframe: '1', service: () => running });
 * ```
 */
export function subscribeBarExecution(
  bus: EventBusPort,
  executor: TradeExecutor,
  options: {
    events: EventFactory;
    logger: OrderEventsIo['logger'];
    baseTimeframe: string;
    skip?: (symbol: string) => boolean;
    service?: () => { onBar(event: NewCandleEvent): void } | undefined;
  },
): ReturnType<EventBusPort['subscribe']> {
  const io: OrderEventsIo = {
    publish: (event) => bus.publish(event),
    events: options.events,
    logger: options.logger,
    logs: orderLogLevels(options.logger),
  };
  return bus.subscribe('NewCandleEvent', (event: NewCandleEvent) => {
    if (event.timeframe !== options.baseTimeframe || options.skip?.(event.symbol)) return;
    const service = options.service?.();
    if (service !== undefined) service.onBar(event);
    else
      executor.onBar(
        event.symbol,
        event.bar as Candle,
        (execution) => reportBarExecution(io, execution, event),
        event,
      );
  });
}

/**
 * Publishes what happened to an order during a bar: an `OrderPlacedEvent` for a fill (caused by its
 * signal, or by the bar for stops, targets and margin calls), a warning for a rejection, a line for a
 * limit entry cancelled unfilled.
 *
 * @example
 * ```ts
 * executor.onBar(event.symbol, event.bar, (execution) => reportBarExecution(io, execution, event));
 * ```
 */
export function reportBarExecution(
  io: OrderEventsIo,
  { result, signal }: BarExecution,
  bar: NewCandleEvent,
): void {
  if (result.status === 'filled') {
    publishOrderPlaced(io, result.fill, result.order, signal ?? bar);
  } else if (result.status === 'rejected') {
    if (io.logs !== undefined && !io.logs.warn) return;
    const detail = result.detail === undefined ? '' : ` (${result.detail})`;
    io.logger.warn({ symbol: bar.symbol }, `Order rejected: ${result.reason}${detail}`);
  } else if (result.status === 'cancelled') {
    if (io.logs !== undefined && !io.logs.info) return;
    const { order } = result;
    io.logger.info(
      { symbol: bar.symbol, strategy: order.strategyName, client_order_id: order.clientOrderId },
      `Order cancelled: limit ${order.intent} ${order.direction} ${order.size} ${order.symbol} @ ${plainNumberText(order.referencePrice)} not reached (${result.reason})`,
    );
  }
}

/**
 * {@link OrderLogLevels} of a logger now; both on for a logger that cannot tell (it is then always called).
 *
 * @example
 * ```ts
 * const io: OrderEventsIo = { publish, events, logger, logs: orderLogLevels(logger) };
 * ```
 */
export function orderLogLevels(logger: OrderEventsIo['logger']): OrderLogLevels {
  const levels = logger as { isLevelEnabled?: (level: string) => boolean };
  if (typeof levels.isLevelEnabled !== 'function') return { info: true, warn: true };
  return { info: levels.isLevelEnabled('info'), warn: levels.isLevelEnabled('warn') };
}
