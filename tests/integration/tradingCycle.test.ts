import { afterEach, describe, expect, it } from 'vitest';
import type { OrderPlacedEvent } from '../../src/events/tradingEvents.js';
import { IterableDataSource } from '../../src/market/iterableDataSource.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';
import type { TradingSystem } from '../../src/system/tradingSystem.js';
import { causalChain, emaOnly, silentLogger, vBars } from './tradingCycleSupport.js';

const pipeline = [
  'DataFetchedEvent',
  'NewCandleEvent',
  'IndicatorsCalculatedEvent',
  'EntrySignalEvent',
  'OrderPlacedEvent',
];

let system: TradingSystem | undefined;
afterEach(async () => {
  await system?.stop();
  system = undefined;
});

function collectOrders(target: TradingSystem): OrderPlacedEvent[] {
  const orders: OrderPlacedEvent[] = [];
  target.bus.subscribe('OrderPlacedEvent', (event) => {
    orders.push(event);
  });
  return orders;
}

describe('the complete trading cycle (real EventBus, supervised services)', () => {
  for (const mode of ['sync', 'async'] as const) {
    it(`on a crafted EMA crossover, chains DataFetched → NewCandle → IndicatorsCalculated → EntrySignal → OrderPlaced under one correlation id (${mode} bus)`, async () => {
      system = await createTradingSystem(
        { ...emaOnly, event_bus: { ...emaOnly.event_bus, mode } },
        { dataSource: new IterableDataSource({ EURUSD: vBars() }), logger: silentLogger() },
      );
      const orders = collectOrders(system);
      const summary = await system.run();

      expect(summary.candles).toBe(100);
      const opening = orders.find((order) => order.intent === 'open');
      expect(opening).toMatchObject({ direction: 'long', strategy_name: 'ema_cross', symbol: 'EURUSD' });
      const history = system.bus.getHistory({ correlationId: opening!.correlationId });
      const chain = causalChain(history, opening!);
      expect(chain.map((event) => event.type)).toEqual(pipeline);
      expect(new Set(chain.map((event) => event.correlationId))).toEqual(new Set([opening!.correlationId]));
      expect(chain[0]!.causationId).toBeUndefined();
      // The candle that triggered the entry is the one the signal was decided on; the order goes out at its close.
      const [, candle, , signal] = chain;
      expect(candle).toMatchObject({ timeframe: '1' });
      expect(signal).toMatchObject({ candle_time: (candle as { bar: { time: number } }).bar.time });
      // One cycle, one correlation id: no other cycle's events share it.
      const fetches = system.bus.getHistory({ type: 'DataFetchedEvent' });
      expect(fetches.filter((event) => event.correlationId === opening!.correlationId)).toHaveLength(1);
      expect(new Set(fetches.map((event) => event.correlationId)).size).toBe(fetches.length);
    });
  }

  it('moves every service metric and reports them in the seed shape', async () => {
    system = await createTradingSystem({ event_bus: { history_size: 50_000 } }, { logger: silentLogger() });
    const orders = collectOrders(system);
    const summary = await system.run({ maxCandles: 600 });
    const metrics = system.getAllMetrics();

    expect(orders.length).toBeGreaterThan(0);
    expect(summary.orders).toBe(orders.length);
    expect(metrics.orchestrator).toMatchObject({
      status: 'running',
      services_count: 4,
      services_healthy: 4,
    });
    // Simulated time: 600 one-minute candles, each moving the clock to its close.
    expect(metrics.orchestrator.uptime_seconds).toBe(600 * 60);
    expect(metrics.services.data_fetching).toMatchObject({
      data_fetches: 600,
      new_candles_detected: 600,
      fetch_errors: 0,
    });
    expect(metrics.services.indicator_calculation).toMatchObject({
      indicators_calculated: 600,
      processing_errors: 0,
    });
    expect(metrics.services.strategy_evaluation!.strategies_evaluated).toBeGreaterThan(0);
    expect(metrics.services.strategy_evaluation!.entry_signals_generated).toBe(summary.entry_signals);
    expect(metrics.services.trade_execution).toMatchObject({
      trades_executed: summary.entry_signals + summary.exit_signals,
      orders_placed: orders.length,
    });
    for (const name of ['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution']) {
      expect(metrics.services[name]).toMatchObject({ state: 'RUNNING', errors: 0, restarts: 0 });
      expect(metrics.services[name]!.events_published).toBeGreaterThan(0);
    }
    expect(metrics.services.indicator_calculation!.events_received).toBe(600);
    const published = Object.values(metrics.services).reduce(
      (sum, service) => sum + Number(service.events_published),
      0,
    );
    // Services' own events plus the lifecycle announcements (INITIALIZING → RUNNING ...) of the runtime.
    expect(metrics.event_bus.events_published).toBeGreaterThanOrEqual(published);
    expect(metrics.event_bus.published_by_type.OrderPlacedEvent).toBe(orders.length);
    expect(metrics.event_bus.event_types_subscribed).toBeGreaterThanOrEqual(5);
    expect(metrics.event_bus.handler_errors).toBe(0);

    await system.stop();
    expect(system.getAllMetrics().orchestrator.status).toBe('stopped');
  });

  it('closes what is still open through the normal signal path at the end of the data', async () => {
    system = await createTradingSystem(emaOnly, {
      dataSource: new IterableDataSource({ EURUSD: vBars() }),
      logger: silentLogger(),
    });
    const orders = collectOrders(system);
    await system.run();
    expect(system.broker.getPositions()).toHaveLength(1);
    await system.closeAllPositions();
    await system.stop();
    expect(system.broker.getPositions()).toEqual([]);
    expect(orders.map((order) => order.intent)).toEqual(['open', 'close']);
    expect(system.summary()).toMatchObject({ orders: 2, trades: 1, open_positions: 0 });
    expect(system.roundTrips()[0]).toMatchObject({ exit_reason: 'end_of_data', strategy: 'ema_cross' });
  });

  // The runtime returns the handler's promise, so `bus.drain()` waits for the asynchronous execution.
  it('has published the close orders when closeAllPositions resolves', async () => {
    system = await createTradingSystem(emaOnly, {
      dataSource: new IterableDataSource({ EURUSD: vBars() }),
      logger: silentLogger(),
    });
    const orders = collectOrders(system);
    await system.run();
    await system.closeAllPositions();
    expect(orders.map((order) => order.intent)).toEqual(['open', 'close']);
  });
});
