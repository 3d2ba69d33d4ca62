/**
 * Plugging in your own market data and your own broker. The data source pulls bars from an async
 * generator (stand-in for a websocket, a database cursor or a vendor SDK); the broker adapter wraps the
 * paper broker and records every order it is asked to place (stand-in for a REST client of a real broker).
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/customDataSourceAndBroker.ts [bars]
 */
import { fileURLToPath } from 'node:url';
import {
  type AccountState,
  type Broker,
  type Candle,
  configFromObject,
  createTradingSystem,
  type DataSource,
  type Fill,
  type OrderRequest,
  PaperBroker,
  type Position,
  SeededRandom,
  type SystemConfig,
} from 'tradestate';

const MINUTE = 60_000;

/** A seeded random walk of one-minute bars, produced asynchronously like a network feed would. */
export async function* randomWalkBars(count: number, start: number, seed = 7): AsyncGenerator<Candle> {
  const random = new SeededRandom(seed);
  let price = 1.1;
  for (let index = 0; index < count; index++) {
    await Promise.resolve(); // where a real feed awaits the network
    const open = price;
    const close = Math.max(0.5, open + random.normal() * 0.0004 + Math.sin(index / 60) * 0.0002);
    const high = Math.max(open, close) + random.next() * 0.0002;
    const low = Math.min(open, close) - random.next() * 0.0002;
    price = close;
    yield { time: start + index * MINUTE, open, high, low, close, volume: 100 + random.integer(900) };
  }
}

/**
 * A `DataSource` over one async iterator per symbol. `next()` may return a promise: the data manager
 * awaits it. Exhaustion is known once the iterator says `done`.
 */
export class AsyncIteratorDataSource implements DataSource {
  readonly name = 'async-iterator';
  readonly baseTimeframe = '1';
  private readonly finished = new Set<string>();

  constructor(private readonly feeds: Record<string, AsyncIterator<Candle>>) {}

  async next(symbol: string): Promise<Candle | undefined> {
    const feed = this.feeds[symbol];
    if (feed === undefined) throw new Error(`no feed for ${symbol}`);
    if (this.finished.has(symbol)) return undefined;
    const step = await feed.next();
    if (step.done) {
      this.finished.add(symbol);
      return undefined;
    }
    return step.value;
  }

  isExhausted(symbol: string): boolean {
    return this.finished.has(symbol);
  }

  async close(): Promise<void> {
    for (const feed of Object.values(this.feeds)) await feed.return?.();
  }
}

/**
 * A broker adapter: everything the system needs from a broker is the `Broker` interface. This one
 * delegates fills and accounting to the paper broker and keeps an audit log of the requests it received;
 * a real adapter would call its broker's API in `placeOrder` and map the answer to a `Fill`.
 */
export class AuditingBroker implements Broker {
  readonly name = 'auditing-paper';
  readonly audit: string[] = [];
  private readonly paper: PaperBroker;

  constructor(trading: SystemConfig['trading'], seed: number) {
    this.paper = new PaperBroker({ trading, random: new SeededRandom(seed) });
  }

  placeOrder(order: OrderRequest): Fill {
    const fill = this.paper.placeOrder(order) as Fill;
    this.audit.push(
      `${new Date(order.time).toISOString()} ${order.intent} ${order.direction} ${order.size} ${order.symbol} @ ${fill.price.toFixed(5)} (${order.clientOrderId})`,
    );
    return fill;
  }

  markToMarket(symbol: string, price: number, time: number): void {
    this.paper.markToMarket(symbol, price, time);
  }

  getAccount(): AccountState {
    return this.paper.getAccount();
  }

  getPositions(): readonly Position[] {
    return this.paper.getPositions();
  }

  getFills(): readonly Fill[] {
    return this.paper.getFills();
  }
}

/** Runs `bars` one-minute bars through the system with both plugged in; returns the summary and the audit. */
export async function main(bars = 1_500) {
  const config = configFromObject({
    trading: { symbol: 'EURUSD', timeframes: ['1', '5'] },
    logging: { level: 'WARNING' },
  });
  const start = Date.parse(config.trading.data_source.start);
  const dataSource = new AsyncIteratorDataSource({ EURUSD: randomWalkBars(bars, start) });
  const broker = new AuditingBroker(config.trading, 11);
  const system = await createTradingSystem(config, { mode: 'backtest', dataSource, broker });
  try {
    const summary = await system.run({ maxCandles: bars });
    console.log(
      `${summary.candles} bars from the async feed, ${summary.orders} orders through ${broker.name}:`,
    );
    for (const line of broker.audit.slice(0, 5)) console.log(`  ${line}`);
    if (broker.audit.length > 5) console.log(`  ... ${broker.audit.length - 5} more`);
    console.log(`final equity ${summary.final_equity.toFixed(2)}`);
    return { summary, audit: broker.audit };
  } finally {
    await system.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2] ?? 1_500));
}
