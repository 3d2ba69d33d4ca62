import type { Order, Trade } from 'ccxt';
import type { Direction } from '../../events/tradingEvents.js';
import type { Fill } from '../broker.js';

/** What a fill needs besides the exchange's order. */
export interface FillContext {
  clientOrderId: string;
  symbol: string;
  strategyName: string;
  intent: 'open' | 'close';
  /** Base units per lot (`trading.contract_size`). */
  contractSize: number;
  /** The market's base and quote currencies: fees are converted into the quote (the account currency). */
  base: string;
  quote: string;
  /** The order's own trades, when the order itself does not carry its fees. */
  trades?: readonly Trade[];
  /** Used when the exchange reports no time. */
  now: number;
}

/**
 * The tradestate {@link Fill} of an exchange order that traded: average price, filled size in lots, the
 * exchange's fees (in the quote currency; a fee charged in the base currency, as Binance does on buys, is
 * valued at the fill price), the direction of the position from side and intent. `realizedPnl` is left to
 * the account, which knows the entry.
 *
 * @example
 * ```ts
 * const fill = orderToFill(await exchange.fetchOrder(id, 'BTC/USDT'), { clientOrderId, symbol: 'BTC/USDT', strategyName, intent: 'open', contractSize: 1, base: 'BTC', quote: 'USDT', now: Date.now() });
 * ```
 */
export function orderToFill(order: Order, context: FillContext): Fill {
  const filled = order.filled ?? 0;
  const price = order.average ?? (order.cost && filled > 0 ? order.cost / filled : (order.price ?? 0));
  const fees = feesOf(order, context.trades);
  let commission = 0;
  for (const fee of fees) {
    if (fee.cost === undefined || fee.cost === 0) continue;
    if (fee.currency === context.quote) commission += fee.cost;
    else if (fee.currency === context.base) commission += fee.cost * price;
  }
  const buy = order.side === 'buy';
  const direction: Direction = (context.intent === 'open') === buy ? 'long' : 'short';
  return {
    clientOrderId: context.clientOrderId,
    symbol: context.symbol,
    direction,
    size: filled / context.contractSize,
    price,
    commission: Math.round(commission * 1e8) / 1e8,
    time: order.lastTradeTimestamp ?? order.timestamp ?? context.now,
    intent: context.intent,
    strategyName: context.strategyName,
  };
}

/** A fee as ccxt reports it; `fees` (several currencies) is set at run time but not in ccxt's types. */
type FeeLike = { cost?: number | undefined; currency?: string | undefined };

/** The order's fees, or its trades' when the order carries none (Binance's order queries have no fills). */
function feesOf(order: Order, trades: readonly Trade[] | undefined): FeeLike[] {
  const own = listFees(order);
  if (own.some((fee) => fee.cost !== undefined) || trades === undefined) return own;
  return trades.filter((trade) => trade.order === order.id).flatMap(listFees);
}

function listFees(item: Order | Trade): FeeLike[] {
  const several = (item as { fees?: FeeLike[] }).fees;
  if (several !== undefined && several.length > 0) return several;
  return item.fee ? [item.fee as FeeLike] : [];
}
