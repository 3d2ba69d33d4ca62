/**
 * A consumer of the installed package, as `npm run test:package` compiles and runs it in a fresh project:
 * ESM imports of `tradestate` and `tradestate/testing`, type-checked against the shipped declarations, a
 * short backtest through the public API, and proof that internals are unreachable.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tradestate from 'tradestate';
import {
  type Broker,
  configFromObject,
  createTradingSystem,
  defineStrategy,
  OptimizeInputError,
  type OrderPlacedEvent,
  optimize,
  type RunSummary,
  StrategyRegistry,
  type TradingSystem,
  type TradingSystemOptions,
} from 'tradestate';
import { EventBuilders, FakeBroker, MockEventBus, SimulatedClock } from 'tradestate/testing';
import { z } from 'zod';

// Types a consumer writes down from the main entry points: all nameable, none `any`.
type CreateParameters = Parameters<typeof createTradingSystem>;
type Handle = Awaited<ReturnType<typeof createTradingSystem>>;
const handleIsTradingSystem: Handle extends TradingSystem ? true : false = true;
const optionsAreSecond: CreateParameters[1] extends TradingSystemOptions | undefined ? true : false = true;
type Health = ReturnType<TradingSystem['getServiceHealth']>;
type Metrics = ReturnType<TradingSystem['getAllMetrics']>;
type ActorSnapshot = ReturnType<TradingSystem['actor']['getSnapshot']>;
type IsAny<T> = 0 extends 1 & T ? true : false;
const healthNotAny: IsAny<Health> = false;
const metricsNotAny: IsAny<Metrics> = false;
const snapshotNotAny: IsAny<ActorSnapshot> = false;
assert.ok(handleIsTradingSystem && optionsAreSecond && !healthNotAny && !metricsNotAny && !snapshotNotAny);

// Internals are not importable: neither by the type checker nor at run time.
const deepImport = 'tradestate/dist/store/tradingStore.js';
// @ts-expect-error -- not in the package's exports map
export type Hidden = typeof import('tradestate/dist/store/tradingStore.js');
await assert.rejects(import(deepImport), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
const internalImport = 'tradestate/internal/anything';
await assert.rejects(import(internalImport), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });

// The root exports what the issue lists, by name.
for (const name of [
  'createTradingSystem',
  'EventBus',
  'SystemConfigSchema',
  'loadConfig',
  'lifecycleMachine',
  'orchestratorMachine',
  'StrategyRegistry',
  'defineStrategy',
  'IndicatorProcessor',
  'PaperBroker',
  'OrderPlacedEventSchema',
  'runBacktest',
  'optimize',
  'writeOptimizeReport',
] as const) {
  assert.ok(Object.hasOwn(tradestate, name), `tradestate exports ${name}`);
}

// tradestate/testing: drive a bus by hand.
const bus = new MockEventBus();
const events = new EventBuilders();
bus.publish(events.orderPlaced({ symbol: 'EURUSD' }));
assert.ok(bus.hasPublished('OrderPlacedEvent', (order) => order.symbol === 'EURUSD'));
const fake: Broker = new FakeBroker(10_000);
assert.equal(fake.getAccount().balance, 10_000);
assert.equal(new SimulatedClock(5).now(), 5);

// A custom strategy with zod parameters, registered beside the built-ins.
const alwaysFlat = defineStrategy({
  type: 'never_trades',
  description: 'Never enters (exercises registration only)',
  parameters: z.strictObject({ quiet: z.boolean().default(true) }),
  create: () => ({ type: 'never_trades', requiredIndicators: [], evaluate: () => undefined }),
});
assert.ok(StrategyRegistry.withBuiltins().register(alwaysFlat).has('never_trades'));

// A short backtest through the public API.
const config = configFromObject({ trading: { symbol: 'EURUSD' }, logging: { level: 'ERROR' } });
const system = await createTradingSystem(config, { mode: 'backtest', strategies: [alwaysFlat] });
const orders: OrderPlacedEvent[] = [];
system.bus.subscribe('OrderPlacedEvent', (order) => orders.push(order));
let summary: RunSummary;
try {
  summary = await system.run({ maxCandles: 600 });
} finally {
  await system.stop();
}
assert.equal(summary.candles, 600);
assert.equal(summary.orders, orders.length);
assert.ok(Object.keys(system.getServiceHealth()).includes('trade_execution'));
console.log(
  `consumer: ${summary.candles} candles, ${summary.orders} orders, final equity ${summary.final_equity.toFixed(2)}`,
);

// optimize() as the README's Optimisation section shows it: its worker threads load the shipped trial module.
const packageRoot = dirname(fileURLToPath(import.meta.resolve('tradestate/package.json')));
const tuned = await optimize({
  config: join(packageRoot, 'examples/config/stocks.yaml'),
  data: join(packageRoot, 'examples/data/msft_2000_2001_daily.csv'),
  symbol: 'MSFT',
  parameters: ['ema_fast.period=5,10'],
  workers: 1,
});
assert.equal(tuned.trials.filter((trial) => trial.status === 'ok').length, 2);
await assert.rejects(
  optimize({ data: 'bars.csv', parameters: ['ema_fast.period=5'], workers: 0 }),
  OptimizeInputError,
);
console.log(
  `consumer: optimize ran ${tuned.trials.length} trials, best ${JSON.stringify(tuned.best.values)}`,
);
