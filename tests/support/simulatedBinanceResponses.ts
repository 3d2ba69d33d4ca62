import type { SimulatedMarket, SimulatedOrder, SimulatedTrade } from './simulatedBinanceVenue.js';

// Response bodies of the SIMULATED Binance venue (tests only), in the shapes Binance's spot API documents.

/** A number as Binance writes it: a string with 8 decimals. */
export function s(value: number): string {
  return value.toFixed(8);
}

export function exchangeInfoBody(market: SimulatedMarket) {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: [
      {
        symbol: market.symbol,
        status: 'TRADING',
        baseAsset: market.base,
        baseAssetPrecision: 8,
        quoteAsset: market.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: market.tickSize,
            maxPrice: '1000000.00',
            tickSize: market.tickSize,
          },
          {
            filterType: 'LOT_SIZE',
            minQty: market.minQty,
            maxQty: '9000.00000',
            stepSize: market.stepSize,
          },
          {
            filterType: 'NOTIONAL',
            minNotional: market.minNotional,
            applyMinToMarket: true,
            maxNotional: '9000000.00',
            applyMaxToMarket: false,
            avgPriceMins: 5,
          },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      },
    ],
  };
}

export function orderBody(order: SimulatedOrder) {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: s(order.price),
    origQty: s(order.origQty),
    executedQty: s(order.executedQty),
    cummulativeQuoteQty: s(order.quoteQty),
    status: order.status,
    timeInForce: order.type === 'LIMIT' ? 'GTC' : 'GTC',
    type: order.type,
    side: order.side,
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: order.time,
    updateTime: order.updateTime,
    isWorking: true,
    workingTime: order.time,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function tradeBody(trade: SimulatedTrade) {
  return {
    symbol: trade.symbol,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: -1,
    price: s(trade.price),
    qty: s(trade.qty),
    quoteQty: s(trade.price * trade.qty),
    commission: s(trade.commission),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.isBuyer,
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}

export function accountBody(balances: ReadonlyMap<string, number>, feeRate: number, now: number) {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: s(feeRate), taker: s(feeRate), buyer: '0', seller: '0' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now,
    accountType: 'SPOT',
    balances: [...balances].map(([asset, free]) => ({ asset, free: s(free), locked: '0.00000000' })),
    permissions: ['SPOT'],
    uid: 1,
  };
}

/** A bar as the venue keeps it. */
export interface SimulatedBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** One row of GET /api/v3/klines. */
export function klineRow(bar: SimulatedBar, timeframeMs: number): unknown[] {
  return [
    bar.time,
    s(bar.open),
    s(bar.high),
    s(bar.low),
    s(bar.close),
    s(bar.volume),
    bar.time + timeframeMs - 1,
    s(round2(bar.volume * bar.close)),
    100,
    '0',
    '0',
    '0',
  ];
}

/** A `<symbol>@kline_<interval>` stream event; `closed` is Binance's `x` flag. */
export function klineEvent(bar: SimulatedBar, symbol: string, timeframeMs: number, closed: boolean) {
  return {
    e: 'kline',
    E: bar.time + (closed ? timeframeMs : 0),
    s: symbol,
    k: {
      t: bar.time,
      T: bar.time + timeframeMs - 1,
      s: symbol,
      i: interval(timeframeMs),
      f: 100,
      L: 200,
      o: String(bar.open),
      c: String(bar.close),
      h: String(bar.high),
      l: String(bar.low),
      v: String(bar.volume),
      n: 100,
      x: closed,
      q: String(round2(bar.volume * bar.close)),
      V: '0',
      Q: '0',
      B: '0',
    },
  };
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Binance's interval name of a bar length. */
export function interval(milliseconds: number): string {
  const minutes = milliseconds / 60_000;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
