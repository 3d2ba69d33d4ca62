/**
 * Embedding tradestate in an existing Node program: the program owns the process, starts the system,
 * listens to `OrderPlacedEvent` on the bus, and stops the system cleanly either when its own condition is
 * met (here: enough orders) or on Ctrl-C / SIGTERM. Nothing here calls `process.exit`.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/embedding.ts [ordersWanted] [maxCandles]
 */
import { fileURLToPath } from 'node:url';
import { createTradingSystem, type OrderPlacedEvent, type RunSummary } from 'tradestate';

/** The host program's own state: what it wants to do with the orders. */
export class OrderJournal {
  readonly orders: OrderPlacedEvent[] = [];
  record(order: OrderPlacedEvent): void {
    this.orders.push(order);
    console.log(
      `[journal] ${order.intent} ${order.direction} ${order.size} ${order.symbol} (${order.strategy_name}, ${order.client_order_id})`,
    );
  }
}

/** Starts the system, journals orders until `ordersWanted` of them (or a signal), then stops it. */
export async function main(ordersWanted = 4, maxCandles = 5_000) {
  const journal = new OrderJournal();
  const system = await createTradingSystem(
    { trading: { symbol: 'EURUSD', timeframes: ['1', '5'] }, logging: { level: 'WARNING' } },
    { mode: 'accelerated' },
  );

  // Stopping is idempotent: the condition, a signal and the `finally` below may all ask for it.
  let reason: 'condition' | 'signal' | 'end of data' = 'end of data';
  const requestStop = (why: 'condition' | 'signal') => {
    reason = why;
    void system.stop(); // run() notices and returns after the current cycle
  };
  const subscription = system.bus.subscribe('OrderPlacedEvent', (order) => {
    journal.record(order);
    if (journal.orders.length >= ordersWanted) requestStop('condition');
  });
  const onSignal = () => requestStop('signal');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let summary: RunSummary;
  try {
    summary = await system.run({ maxCandles });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    system.bus.unsubscribe(subscription);
    await system.stop(); // services stop in reverse order, the bus drains
  }
  const health = system.getServiceHealth();
  console.log(
    `stopped on ${reason} after ${summary.candles} candles and ${journal.orders.length} orders; services: ` +
      Object.entries(health)
        .map(([name, service]) => `${name}=${service.state}`)
        .join(', '),
  );
  return { summary, journal, reason };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2] ?? 4), Number(process.argv[3] ?? 5_000));
}
