import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../src/execution/broker.js';
import { CcxtBroker } from '../../../src/execution/ccxt/ccxtBroker.js';
import {
  exchangeClientOrderId,
  splitClientOrderId,
} from '../../../src/execution/ccxt/exchangeClientOrderId.js';
import { clientOrderId } from '../../../src/execution/clientOrderId.js';
import { OrderRejectedError } from '../../../src/execution/orderRejectedError.js';
import { createCcxtExchange } from '../../../src/market/ccxt/createCcxtExchange.js';
import { SimulatedBinanceVenue } from '../../support/simulatedBinanceVenue.js';

let venue: SimulatedBinanceVenue;

afterEach(async () => {
  await venue?.stop();
});

async function exchangeClient() {
  const exchange = await createCcxtExchange({
    exchange: 'binance',
    api_url: venue.url,
    exchange_options: { fetchMarkets: { types: ['spot'] } },
    credentials: { apiKey: venue.apiKey, secret: venue.secret },
  });
  await exchange.loadMarkets();
  return exchange;
}

async function connect(
  options: {
    orderType?: 'market' | 'limit';
    orderTimeoutMs?: number;
    requestTimeoutMs?: number;
    onNotice?: (notice: string) => void;
  } = {},
) {
  const exchange = await exchangeClient();
  if (options.requestTimeoutMs !== undefined) exchange.timeout = options.requestTimeoutMs;
  return CcxtBroker.connect({
    exchange,
    markets: [{ symbol: 'BTC/USDT', market: 'BTC/USDT', base: 'BTC', quote: 'USDT' }],
    contractSize: 0.001,
    orderType: options.orderType ?? 'market',
    orderTimeoutMs: options.orderTimeoutMs ?? 5_000,
    lookbackMs: 48 * 3_600_000,
    strategyNames: ['ema_cross'],
    maxOrderAgeMs: 300_000,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, Math.min(milliseconds, 20))),
  });
}

function order(intent: 'open' | 'close', candleTime: number, referencePrice: number): OrderRequest {
  return {
    clientOrderId: clientOrderId('ema_cross', 'BTC/USDT', '1', candleTime, intent),
    symbol: 'BTC/USDT',
    direction: 'long',
    size: 2,
    intent,
    strategyName: 'ema_cross',
    referencePrice,
    time: candleTime + 60_000,
  };
}

describe('CcxtBroker against the simulated Binance venue', () => {
  it('a market buy fills at the venue price, with the fee Binance takes in BTC valued in USDT', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const broker = await connect();
    expect(broker.getAccount().balance).toBe(10_000);
    const price = venue.bar(venue.formingIndex).open;
    const fill = await broker.placeOrder(order('open', venue.now - 60_000, price));
    expect(fill).toMatchObject({ price, size: 2, direction: 'long', intent: 'open' });
    expect(fill.commission).toBeCloseTo(0.002 * 0.001 * price, 8);
    expect(venue.orders[0]).toMatchObject({ side: 'BUY', type: 'MARKET', origQty: 0.002, status: 'FILLED' });
    expect(broker.getPositions()).toMatchObject([{ symbol: 'BTC/USDT', size: 2, entryPrice: price }]);
  });

  it('after a restart the fills come back from the venue, and an order it already holds is not sent again', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const first = await connect();
    const entry = order('open', venue.now - 60_000, venue.bar(venue.formingIndex).open);
    const fill = await first.placeOrder(entry);
    venue.advance(5);

    const restarted = await connect();
    expect(restarted.getFills()).toEqual([{ ...fill, commission: expect.closeTo(fill.commission, 8) }]);
    expect(restarted.getPositions()).toMatchObject([{ clientOrderId: entry.clientOrderId, size: 2 }]);
    const again = await restarted.placeOrder(entry);
    expect(again.clientOrderId).toBe(entry.clientOrderId);
    expect(venue.orders).toHaveLength(1);

    const exit = await restarted.placeOrder(
      order('close', venue.now - 60_000, venue.bar(venue.formingIndex).open),
    );
    expect(exit.realizedPnl).toBeCloseTo((exit.price - fill.price) * 0.002, 2);
    expect(restarted.getPositions()).toEqual([]);
    expect(venue.orders.map((placed) => placed.side)).toEqual(['BUY', 'SELL']);
  });

  it('a limit order the market never reaches is cancelled at the timeout and rejected', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const broker = await connect({ orderType: 'limit', orderTimeoutMs: 200 });
    const far = Math.round(venue.bar(venue.formingIndex).open * 0.5);
    const placing = broker.placeOrder(order('open', venue.now - 60_000, far));
    await expect(placing).rejects.toThrow(OrderRejectedError);
    await expect(placing).rejects.toMatchObject({ reason: 'canceled_by_exchange' });
    expect(venue.orders[0]).toMatchObject({ type: 'LIMIT', status: 'CANCELED' });
    expect(broker.getPositions()).toEqual([]);
  });

  it('an order decided longer ago than the maximum age is not sent', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const broker = await connect();
    const stale = { ...order('open', Date.now() - 15 * 60_000, 30_000), time: Date.now() - 10 * 60_000 };
    await expect(broker.placeOrder(stale)).rejects.toMatchObject({ reason: 'stale_order' });
    expect(venue.orders).toEqual([]);
  });

  it('an order below the venue minimum is rejected with the exchange reason', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const broker = await connect();
    const tiny = { ...order('open', venue.now - 60_000, 30_000), size: 0.01 }; // 0.00001 BTC, under 5 USDT
    await expect(broker.placeOrder(tiny)).rejects.toMatchObject({ reason: 'exchange_rejected' });
    expect(venue.orders).toEqual([]);
  });
});

describe('CcxtBroker recovering orders it cannot see the answer to', () => {
  it('an order of this system still open at the exchange when it starts is followed, not sent a second time', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const far = Math.round(venue.bar(venue.formingIndex).open * 0.5);
    const entry = order('open', venue.now - 60_000, far);
    // The order a previous run of the system sent just before it stopped, under the id the broker derives.
    await (await exchangeClient()).createOrder('BTC/USDT', 'limit', 'buy', 0.002, far, {
      clientOrderId: exchangeClientOrderId(splitClientOrderId(entry.clientOrderId, 'ema_cross', 'BTC/USDT')),
    });
    const notices: string[] = [];
    const broker = await connect({
      orderType: 'limit',
      orderTimeoutMs: 200,
      onNotice: (notice) => notices.push(notice),
    });
    expect(notices).toContain(`binance: order ${entry.clientOrderId} is still open: following it`);
    expect(notices.at(-1)).toMatch(/^binance: 10000 USDT at start; 0 fills and 0 open positions/);

    // Never reached, it is cancelled at the timeout like an order of this run.
    await expect(broker.placeOrder(entry)).rejects.toMatchObject({ reason: 'canceled_by_exchange' });
    expect(venue.orders).toHaveLength(1);
    expect(venue.orders[0]).toMatchObject({ status: 'CANCELED' });
  });

  it('an order whose answer is lost in a timeout is found by its client id and booked once', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 40 });
    await venue.start();
    const broker = await connect({ requestTimeoutMs: 300 });
    // The venue fills the order but answers after the client has given up waiting.
    venue.onOrderFilled = () => new Promise((resolve) => setTimeout(resolve, 1_000));
    const fill = await broker.placeOrder(
      order('open', venue.now - 60_000, venue.bar(venue.formingIndex).open),
    );
    expect(fill).toMatchObject({ size: 2, direction: 'long', intent: 'open' });
    // Looked up before sending (not there), sent, then looked up again when the answer did not come.
    expect(venue.requests.filter((request) => request.endsWith('/api/v3/order'))).toEqual([
      'GET /api/v3/order',
      'POST /api/v3/order',
      'GET /api/v3/order',
    ]);
    expect(venue.orders).toHaveLength(1);
    expect(venue.orders[0]).toMatchObject({ status: 'FILLED' });
    expect(broker.getPositions()).toMatchObject([{ symbol: 'BTC/USDT', size: 2 }]);
  });
});
