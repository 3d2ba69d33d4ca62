import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  accountBody,
  exchangeInfoBody,
  interval,
  klineEvent,
  klineRow,
  orderBody,
  round2,
  s,
  tradeBody,
} from './simulatedBinanceResponses.js';

/**
 * A SIMULATED venue for tests, not an exchange: a local HTTP + WebSocket server that answers the requests of
 * Binance's spot API the way Binance documents them (https://developers.binance.com/docs/binance-spot-api-docs),
 * so that the real `ccxt` client can be pointed at it (`api_url`) and exercised without internet.
 *
 * REST: /api/v3/ time, exchangeInfo, klines, order (POST, GET, DELETE), openOrders, allOrders, myTrades,
 * account, all HMAC-SHA256 signed like Binance's (`X-MBX-APIKEY`, `signature`). WebSocket: /ws/... with
 * SUBSCRIBE to `<symbol>@kline_<interval>` streams. Futures exchangeInfo answers an empty list.
 *
 * Time is the venue's own: bars of `timeframeMs` start at `origin`; the bar at `now` is forming, and
 * {@link advance} closes it and opens the next one (pushing both kline updates to subscribers). Prices follow
 * a fixed wave, so runs repeat. Like Binance, a client order id must be unique among OPEN orders only: a
 * filled order's id can be sent again and trades again (so the client must look it up first).
 */
export interface SimulatedMarket {
  symbol: string;
  base: string;
  quote: string;
  tickSize: string;
  stepSize: string;
  minQty: string;
  minNotional: string;
}

export interface SimulatedOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  price: number;
  origQty: number;
  executedQty: number;
  quoteQty: number;
  status: 'NEW' | 'FILLED' | 'CANCELED';
  time: number;
  updateTime: number;
}

export interface SimulatedTrade {
  id: number;
  orderId: number;
  symbol: string;
  price: number;
  qty: number;
  commission: number;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export interface SimulatedVenueOptions {
  apiKey?: string;
  secret?: string;
  market?: SimulatedMarket;
  timeframeMs?: number;
  /** Open time of bar 0 (default: a whole bar after the local clock, so the forming bar is never "old"). */
  origin?: number;
  /** Bars already closed at start. */
  closedBars?: number;
  balances?: Record<string, number>;
  /** Commission rate (Binance's default 0.1%), charged in the asset received. */
  feeRate?: number;
}

type Answer = { status: number; body: unknown };

const btcUsdt: SimulatedMarket = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: '0.01',
  stepSize: '0.00001',
  minQty: '0.00001',
  minNotional: '5',
};

/** See the interface docs above: a simulated Binance spot venue for tests. */
export class SimulatedBinanceVenue {
  readonly apiKey: string;
  readonly secret: string;
  readonly market: SimulatedMarket;
  readonly timeframeMs: number;
  readonly origin: number;
  readonly feeRate: number;
  /** Venue time: the open of the forming bar. */
  now: number;
  readonly orders: SimulatedOrder[] = [];
  readonly trades: SimulatedTrade[] = [];
  readonly balances = new Map<string, number>();
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  /** Decides on each new order: return a Binance error to reject it. */
  orderPolicy: (order: {
    side: string;
    quantity: number;
    clientOrderId: string;
  }) => { code: number; msg: string } | undefined = () => undefined;
  /** Runs after an order is filled and before the response is sent (tests kill the client here). */
  onOrderFilled: (order: SimulatedOrder) => Promise<void> | void = () => {};
  private server: Server | undefined;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly subscribers = new Map<WebSocket, Set<string>>();
  private muted = false;
  private nextOrderId = 1000;
  private nextTradeId = 5000;

  constructor(options: SimulatedVenueOptions = {}) {
    this.apiKey = options.apiKey ?? 'venue-test-key';
    this.secret = options.secret ?? 'venue-test-secret';
    this.market = options.market ?? btcUsdt;
    this.timeframeMs = options.timeframeMs ?? 60_000;
    this.feeRate = options.feeRate ?? 0.001;
    const closed = options.closedBars ?? 300;
    const ahead = Math.ceil(Date.now() / this.timeframeMs) * this.timeframeMs + this.timeframeMs;
    this.origin = options.origin ?? ahead - closed * this.timeframeMs;
    this.now = this.origin + closed * this.timeframeMs;
    for (const [asset, amount] of Object.entries(options.balances ?? { USDT: 10_000, BTC: 0 }))
      this.balances.set(asset, amount);
    this.sockets.on('connection', (socket) => this.onSocket(socket));
  }

  /** Starts listening on 127.0.0.1 (a free port); returns the base URL to give as `api_url`. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.onRequest(request, response));
    this.server.on('upgrade', (request, socket, head) => {
      this.sockets.handleUpgrade(request, socket, head, (ws) => this.sockets.emit('connection', ws, request));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.dropStreams();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Bar `index` (0 = the bar opening at `origin`): a fixed wave, so every run sees the same prices. */
  bar(index: number): {
    time: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
  } {
    const close = (i: number) =>
      round2(30_000 + 600 * Math.sin((2 * Math.PI * i) / 40) + 150 * Math.sin((2 * Math.PI * i) / 9));
    const open = close(index - 1);
    const last = close(index);
    return {
      time: this.origin + index * this.timeframeMs,
      open,
      high: round2(Math.max(open, last) + 20),
      low: round2(Math.min(open, last) - 20),
      close: last,
      volume: 10 + (index % 5),
    };
  }

  /** Index of the forming bar. */
  get formingIndex(): number {
    return Math.floor((this.now - this.origin) / this.timeframeMs);
  }

  /** Closes the forming bar and opens the next, `bars` times; fills resting limit orders the bar crossed. */
  advance(bars = 1): void {
    for (let step = 0; step < bars; step++) {
      const closing = this.bar(this.formingIndex);
      this.fillRestingOrders(closing);
      this.now += this.timeframeMs;
      this.pushKline(closing, true);
      this.pushKline(this.bar(this.formingIndex), false);
    }
  }

  /** Cuts every WebSocket connection (the client must reconnect). */
  dropStreams(): void {
    for (const socket of this.subscribers.keys()) socket.terminate();
    this.subscribers.clear();
  }

  /** Pushes nothing until the returned function is called (messages lost in transit); connections stay up. */
  muteStreams(): () => void {
    this.muted = true;
    return () => {
      this.muted = false;
    };
  }

  /** Open WebSocket connections subscribed to at least one stream. */
  get subscribedStreams(): number {
    let count = 0;
    for (const streams of this.subscribers.values()) if (streams.size > 0) count += 1;
    return count;
  }

  /** Orders, in the order received, whose client order id is `id`. */
  ordersWithClientId(id: string): SimulatedOrder[] {
    return this.orders.filter((order) => order.clientOrderId === id);
  }

  private onSocket(socket: WebSocket): void {
    this.subscribers.set(socket, new Set());
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { method?: string; params?: string[]; id?: number };
      if (message.method === 'SUBSCRIBE') {
        for (const stream of message.params ?? []) this.subscribers.get(socket)?.add(stream);
        socket.send(JSON.stringify({ result: null, id: message.id }));
      } else if (message.method === 'UNSUBSCRIBE') {
        for (const stream of message.params ?? []) this.subscribers.get(socket)?.delete(stream);
        socket.send(JSON.stringify({ result: null, id: message.id }));
      }
    });
    socket.on('close', () => this.subscribers.delete(socket));
  }

  private pushKline(bar: ReturnType<SimulatedBinanceVenue['bar']>, closed: boolean): void {
    const stream = `${this.market.symbol.toLowerCase()}@kline_${interval(this.timeframeMs)}`;
    const message = JSON.stringify(klineEvent(bar, this.market.symbol, this.timeframeMs, closed));
    if (this.muted) return;
    for (const [socket, streams] of this.subscribers) {
      // A raw stream's payload goes out bare (Binance wraps it only on combined streams).
      if (streams.has(stream)) socket.send(message);
    }
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://venue');
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.requests.push(`${request.method} ${url.pathname}`);
    const params = new URLSearchParams(request.method === 'POST' ? body : url.search.slice(1));
    const answer = await this.route(
      request,
      url.pathname,
      params,
      request.method === 'POST' ? body : url.search.slice(1),
    );
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  }

  private async route(
    request: IncomingMessage,
    path: string,
    params: URLSearchParams,
    raw: string,
  ): Promise<Answer> {
    const method = request.method ?? 'GET';
    if (path === '/api/v3/time' || path === '/api/v3/ping')
      return ok(path.endsWith('time') ? { serverTime: Date.now() } : {});
    if (path === '/api/v3/exchangeInfo') return ok(exchangeInfoBody(this.market));
    if (path === '/fapi/v1/exchangeInfo' || path === '/dapi/v1/exchangeInfo')
      return ok({
        timezone: 'UTC',
        serverTime: Date.now(),
        rateLimits: [],
        exchangeFilters: [],
        symbols: [],
      });
    if (path === '/api/v3/klines') return this.klines(params);
    // Margin pairs and coin details (ccxt's loadMarkets asks for them with keys): this venue has none.
    if (
      [
        '/sapi/v1/margin/allPairs',
        '/sapi/v1/margin/isolated/allPairs',
        '/sapi/v1/capital/config/getall',
      ].includes(path)
    )
      return ok([]);
    const privatePaths = [
      '/api/v3/order',
      '/api/v3/openOrders',
      '/api/v3/allOrders',
      '/api/v3/myTrades',
      '/api/v3/account',
    ];
    if (!privatePaths.includes(path)) return fail(404, -1, `simulated venue: no route ${method} ${path}`);
    const denied = this.authenticate(request, raw);
    if (denied) return denied;
    if (path === '/api/v3/account') return ok(accountBody(this.balances, this.feeRate, this.now));
    if (path === '/api/v3/openOrders')
      return ok(this.orders.filter((order) => order.status === 'NEW').map((order) => orderBody(order)));
    if (path === '/api/v3/allOrders') return ok(this.orders.map((order) => orderBody(order)));
    if (path === '/api/v3/myTrades') {
      const since = Number(params.get('startTime') ?? 0);
      return ok(this.trades.filter((trade) => trade.time >= since).map((trade) => tradeBody(trade)));
    }
    if (method === 'POST') return this.newOrder(params);
    const order = this.findOrder(params);
    if (order === undefined) return fail(400, -2013, 'Order does not exist.');
    if (method === 'DELETE') {
      if (order.status !== 'NEW') return fail(400, -2011, 'Unknown order sent.');
      order.status = 'CANCELED';
      this.release(order);
    }
    return ok(orderBody(order));
  }

  private authenticate(request: IncomingMessage, raw: string): Answer | undefined {
    if (request.headers['x-mbx-apikey'] !== this.apiKey)
      return fail(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const at = raw.lastIndexOf('&signature=');
    const expected = createHmac('sha256', this.secret).update(raw.slice(0, at)).digest('hex');
    if (at < 0 || raw.slice(at + '&signature='.length) !== expected)
      return fail(400, -1022, 'Signature for this request is not valid.');
    return undefined;
  }

  private klines(params: URLSearchParams): Answer {
    if (params.get('symbol') !== this.market.symbol) return fail(400, -1121, 'Invalid symbol.');
    if (params.get('interval') !== interval(this.timeframeMs)) return fail(400, -1120, 'Invalid interval.');
    const limit = Math.min(Number(params.get('limit') ?? 500), 1000);
    const last = this.formingIndex;
    const start = params.has('startTime')
      ? Math.max(0, Math.ceil((Number(params.get('startTime')) - this.origin) / this.timeframeMs))
      : Math.max(0, last - limit + 1);
    const end = params.has('endTime')
      ? Math.min(last, Math.floor((Number(params.get('endTime')) - this.origin) / this.timeframeMs))
      : last;
    const rows: unknown[] = [];
    for (let index = start; index <= end && rows.length < limit; index++) {
      const bar = this.bar(index);
      rows.push(klineRow(bar, this.timeframeMs));
    }
    return ok(rows);
  }

  private newOrder(params: URLSearchParams): Promise<Answer> | Answer {
    if (params.get('symbol') !== this.market.symbol) return fail(400, -1121, 'Invalid symbol.');
    const side = params.get('side') as 'BUY' | 'SELL';
    const type = params.get('type') as 'MARKET' | 'LIMIT';
    const quantity = Number(params.get('quantity'));
    const clientOrderId = params.get('newClientOrderId') ?? `venue${this.nextOrderId}`;
    if (!/^[a-zA-Z0-9-_]{1,36}$/.test(clientOrderId))
      return fail(
        400,
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.",
      );
    if (this.orders.some((order) => order.clientOrderId === clientOrderId && order.status === 'NEW'))
      return fail(400, -2010, 'Duplicate order sent.');
    if (!(quantity >= Number(this.market.minQty))) return fail(400, -1013, 'Filter failure: LOT_SIZE');
    const market = this.bar(this.formingIndex).open;
    const price = type === 'LIMIT' ? Number(params.get('price')) : market;
    if (quantity * price < Number(this.market.minNotional))
      return fail(400, -1013, 'Filter failure: NOTIONAL');
    const policy = this.orderPolicy({ side, quantity, clientOrderId });
    if (policy) return fail(400, policy.code, policy.msg);
    const { base, quote } = this.market;
    if (side === 'BUY' && (this.balances.get(quote) ?? 0) < quantity * price)
      return fail(400, -2010, 'Account has insufficient balance for requested action.');
    if (side === 'SELL' && (this.balances.get(base) ?? 0) < quantity - 1e-12)
      return fail(400, -2010, 'Account has insufficient balance for requested action.');
    const order: SimulatedOrder = {
      symbol: this.market.symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      price: type === 'LIMIT' ? price : 0,
      origQty: quantity,
      executedQty: 0,
      quoteQty: 0,
      status: 'NEW',
      time: this.now,
      updateTime: this.now,
    };
    this.orders.push(order);
    const crosses = type === 'MARKET' || (side === 'BUY' ? price >= market : price <= market);
    if (!crosses) return ok(orderBody(order));
    this.fill(order, type === 'MARKET' ? market : price, false);
    return (async () => {
      await this.onOrderFilled(order);
      return ok({ ...orderBody(order), transactTime: order.updateTime, fills: this.fillsOf(order) });
    })();
  }

  private fill(order: SimulatedOrder, price: number, isMaker: boolean): void {
    const { base, quote } = this.market;
    const qty = order.origQty;
    const buy = order.side === 'BUY';
    const commission = buy ? qty * this.feeRate : qty * price * this.feeRate;
    this.balances.set(
      quote,
      (this.balances.get(quote) ?? 0) + (buy ? -qty * price : qty * price - commission),
    );
    this.balances.set(base, (this.balances.get(base) ?? 0) + (buy ? qty - commission : -qty));
    order.executedQty = qty;
    order.quoteQty = qty * price;
    order.status = 'FILLED';
    order.updateTime = this.now;
    this.trades.push({
      id: this.nextTradeId++,
      orderId: order.orderId,
      symbol: order.symbol,
      price,
      qty,
      commission,
      commissionAsset: buy ? base : quote,
      time: this.now,
      isBuyer: buy,
      isMaker,
    });
  }

  private fillRestingOrders(bar: ReturnType<SimulatedBinanceVenue['bar']>): void {
    for (const order of this.orders) {
      if (order.status !== 'NEW') continue;
      const touched = order.side === 'BUY' ? bar.low <= order.price : bar.high >= order.price;
      if (touched) this.fill(order, order.price, true);
    }
  }

  private release(_order: SimulatedOrder): void {
    // Funds are only taken at the fill in this venue, so a cancel has nothing to give back.
  }

  private findOrder(params: URLSearchParams): SimulatedOrder | undefined {
    const id = params.get('orderId');
    const clientId = params.get('origClientOrderId');
    const matches = this.orders.filter((order) =>
      id !== null ? order.orderId === Number(id) : order.clientOrderId === clientId,
    );
    return matches[matches.length - 1];
  }

  private fillsOf(order: SimulatedOrder) {
    return this.trades
      .filter((trade) => trade.orderId === order.orderId)
      .map((trade) => ({
        price: s(trade.price),
        qty: s(trade.qty),
        commission: s(trade.commission),
        commissionAsset: trade.commissionAsset,
        tradeId: trade.id,
      }));
  }
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function fail(status: number, code: number, msg: string): Answer {
  return { status, body: { code, msg } };
}
