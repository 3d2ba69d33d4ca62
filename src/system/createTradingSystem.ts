import type { Logger } from 'pino';
import type { TradingOrchestratorOptions } from '../actors/orchestratorOptions.js';
import { runsService } from '../actors/runsService.js';
import { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { EventBusPort } from '../bus/busTypes.js';
import { EventBus } from '../bus/eventBus.js';
import { configFromObject, loadConfig } from '../config/configLoader.js';
import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import { InvalidOptionError } from '../errors/invalidOptionError.js';
import { EventFactory } from '../events/eventFactory.js';
import type { Broker } from '../execution/broker.js';
import { PaperBroker } from '../execution/paperBroker.js';
import { subscribeBarExecution } from '../execution/publishBarExecution.js';
import { TradeExecutor } from '../execution/tradeExecutor.js';
import type { FaultInjector } from '../faults/faultInjector.js';
import { IndicatorProcessor } from '../indicators/indicatorProcessor.js';
import { createLogger } from '../logging/createLogger.js';
import { createDataSource } from '../market/createDataSource.js';
import type { DataSource } from '../market/dataSource.js';
import { DataSourceManager } from '../market/dataSourceManager.js';
import { IterableDataSource } from '../market/iterableDataSource.js';
import { timeframeToMilliseconds } from '../market/timeframeToMilliseconds.js';
import type { Inspection } from '../ops/createInspection.js';
import { type CheckpointStore, MemoryCheckpointStore } from '../services/checkpointStore.js';
import { createTradingServices } from '../services/serviceDefinitions.js';
import type { TradeExecutionService } from '../services/tradeExecutionService.js';
import { defaultStorePath } from '../store/defaultStorePath.js';
import { DurableRun } from '../store/durableRun.js';
import { runIdentity } from '../store/runIdentity.js';
import { StoreUnavailableError } from '../store/storeUnavailableError.js';
import type { TradingStore } from '../store/tradingStore.js';
import type { StrategyDefinition } from '../strategies/defineStrategy.js';
import { StrategyEngine } from '../strategies/strategyEngine.js';
import { StrategyRegistry } from '../strategies/strategyRegistry.js';
import { type Clock, MonotonicClock, SimulatedClock, SystemClock } from '../util/clock.js';
import { createIdGenerator } from '../util/idGenerator.js';
import { writableFileProblem } from '../util/pathProblems.js';
import { SeededRandom } from '../util/random.js';
import { ClockedDataSource } from './clockedDataSource.js';
import type { CrossProcessTransport } from './crossProcessTransport.js';
import type { TradingSystemMode } from './runOptions.js';
import { TradingSystem } from './tradingSystem.js';

export type { TradingSystemMode } from './runOptions.js';

/**
 * Everything a program embedding tradestate may supply; each has a working default.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { z } from 'zod';
 *
 * const alwaysLong = defineStrategy({
 *   type: 'always_long',
 *   description: 'Long on every candle: a check of the wiring',
 *   parameters: z.strictObject({}),
 *   create: () => ({ type: 'always_long', requiredIndicators: [], evaluate: () => 'long' as const }),
 * });
 * const options: TradingSystemOptions = {
 *   broker: new PaperBroker({ trading: config.trading, random: new SeededRandom(7) }),
 *   strategies: [alwaysLong], // YAML may now name `type: always_long`
 *   logger: pino({ level: 'warn' }),
 * };
 * const system = await createTradingSystem('config/services.yaml', options);
 * ```
 */
export interface TradingSystemOptions {
  /** Market data (default: from `trading.data_source`: the seeded synthetic feed or a CSV file). */
  dataSource?: DataSource;
  /** Where orders go (default: the paper broker). */
  broker?: Broker;
  /** Extra strategy types, registered beside the built-ins. */
  strategies?: ReadonlyArray<StrategyDefinition<never> | StrategyDefinition<unknown>>;
  /** A registry to use instead of the built-ins plus `strategies`. */
  registry?: StrategyRegistry;
  logger?: Logger;
  /** Market time (default: simulated market time except in `live` mode). */
  clock?: Clock;
  /**
   * Control time: lifecycle timeouts, backoff, restart windows, health checks (default: monotonic wall
   * time, {@link MonotonicClock}; tests inject a `SimulatedClock`).
   */
  controlClock?: Clock;
  /** An inspection observer (see `createInspection`), given to every actor. */
  inspect?: TradingOrchestratorOptions['inspect'] | Inspection;
  /** Where services checkpoint what they need after a restart (default: in memory). */
  checkpoints?: CheckpointStore;
  /** Makes chosen services throw on chosen events (chaos tests; default: the `faults` config section). */
  faults?: FaultInjector;
  /** A bus to use instead of the one `event_bus` describes (e.g. a NATS bus). */
  bus?: EventBusPort;
  mode?: TradingSystemMode;
  /** Seed of event ids and broker randomness (default: the data source seed). */
  seed?: number;
  /** Environment used when `config` is a path (default: process.env); also read for the store's test hooks. */
  env?: Record<string, string | undefined>;
  /**
   * Durable state: `true` opens `store.path` (resuming what it holds), a `TradingStore` is used as is
   * (not closed by `stop`), `false`/omitted keeps everything in memory. The CLI passes `true`.
   */
  store?: TradingStore | boolean;
  /** With `store: true`: delete the store first and start over (`--fresh`). */
  fresh?: boolean;
  /** Receives the store's one-line notices (resuming, starting over after a finished run). */
  onNotice?: (notice: string) => void;
}

/** Keeps the configured timeframes that can be built from the data's bar size, base first. */
function usableTimeframes(configured: readonly string[], base: string, logger: Logger): string[] {
  const baseMs = timeframeToMilliseconds(base);
  const kept = configured.filter((tf) => {
    const ms = timeframeToMilliseconds(tf);
    return ms > baseMs && ms % baseMs === 0;
  });
  const dropped = configured.filter((tf) => tf !== base && !kept.includes(tf));
  if (dropped.length > 0) {
    logger.warn(
      { dropped, base },
      `Timeframes ${dropped.join(', ')} cannot be built from ${base}-minute bars; skipped`,
    );
  }
  return [base, ...kept];
}

/**
 * A configuration given as a resolved `SystemConfig`, a partial object (defaults filled in) or a YAML path
 * (loaded with `.env` and environment overrides).
 *
 * @example
 * ```ts
 * const config = resolveConfig({ trading: { symbol: 'GBPUSD' } });
 * config.services.data_fetching.fetch_interval; // 5, the default
 * ```
 */
export function resolveConfig(
  config: SystemConfig | SystemConfigInput | string | undefined,
  env?: Record<string, string | undefined>,
) {
  if (typeof config === 'string' || config === undefined) {
    return loadConfig(config, env ? { env } : {});
  }
  return configFromObject(config as SystemConfigInput);
}

/**
 * Builds a complete trading system: bus, data, indicators, strategies, execution, the four supervised
 * service actors and their orchestrator. Nothing starts until `start()` or `run()`.
 *
 * @example
 * ```ts
 * const system = await createTradingSystem('config/services.yaml');
 * system.bus.subscribe('OrderPlacedEvent', (order) => console.log(order.direction, order.size, order.symbol));
 * await system.run({ maxCandles: 2_000 });
 * await system.stop();
 * console.log(system.summary());
 * ```
 */
export async function createTradingSystem(
  config?: SystemConfig | SystemConfigInput | string,
  options: TradingSystemOptions = {},
): Promise<TradingSystem> {
  const resolved = resolveConfig(config, options.env);
  const mode = options.mode ?? 'accelerated';
  const symbols = resolved.trading.symbols ?? [resolved.trading.symbol];
  const sourceConfig = resolved.trading.data_source;
  // `event_bus.transport: nats` outside backtests: this process runs its share of the pipeline over NATS.
  // Imported only then: the NATS client costs every other run (a backtest, the CLI) ~0.1 CPU-s to load.
  const CrossProcess =
    !options.bus && mode !== 'backtest' && resolved.event_bus.transport === 'nats'
      ? (await import('./crossProcessTransport.js')).CrossProcessTransport
      : undefined;
  const crossProcess = CrossProcess?.servicesOf(resolved);
  // A process without data_fetching never reads the data: it needs no CSV file (base timeframe: config).
  const rawSource: DataSource =
    options.dataSource ??
    (crossProcess && !crossProcess.includes('data_fetching')
      ? new IterableDataSource(Object.fromEntries(symbols.map((symbol) => [symbol, []])), 'none')
      : await createDataSource(sourceConfig, { symbols }));
  const baseTimeframe = rawSource.baseTimeframe ?? sourceConfig.base_timeframe;
  // Replays start the clock at their first bar; the synthetic feed at its configured start.
  const firstBar =
    rawSource.firstTime ?? (rawSource as { candles?: ReadonlyArray<{ time: number }> }).candles?.[0]?.time;
  const start = firstBar ?? Date.parse(sourceConfig.start);
  const clock =
    options.clock ??
    (mode === 'live' ? new SystemClock() : new SimulatedClock(Number.isFinite(start) ? start : 0));
  const logger = options.logger ?? createLogger(resolved.logging, { clock });
  const timeframes = usableTimeframes(resolved.trading.timeframes, baseTimeframe, logger);
  const source =
    mode !== 'live' && clock instanceof SimulatedClock
      ? new ClockedDataSource(rawSource, clock, timeframeToMilliseconds(baseTimeframe))
      : rawSource;
  const transport: CrossProcessTransport | undefined = CrossProcess
    ? await CrossProcess.connect(resolved, logger)
    : undefined;
  const bus =
    options.bus ??
    transport?.bus ??
    EventBus.fromConfig(
      mode === 'backtest' ? { ...resolved.event_bus, mode: 'sync' } : resolved.event_bus,
      logger,
    );
  const seed = options.seed ?? sourceConfig.seed;
  const ids = createIdGenerator(seed);
  const events = new EventFactory(clock, transport ? transport.eventIds(ids) : ids);
  const registry = options.registry ?? StrategyRegistry.withBuiltins();
  if (options.strategies !== undefined && !Array.isArray(options.strategies))
    throw new InvalidOptionError(
      'createTradingSystem',
      'strategies',
      'expected a list of definitions, e.g. [breakout]',
    );
  for (const definition of options.strategies ?? [])
    registry.register(definition as StrategyDefinition<unknown>);
  const indicatorColumns = new IndicatorProcessor(resolved.services.indicator_calculation.indicators).columns;
  // Checked before the store is opened (and before `fresh` empties it), so that a mistake in the strategies
  // (unknown type, bad parameter, missing indicator) costs nothing and is reported as such, not as a
  // service that failed to initialize.
  if (runsService(resolved, 'strategy_evaluation')) {
    new StrategyEngine(resolved.services.strategy_evaluation, registry, {
      symbols,
      defaultTimeframe: timeframes[0] ?? baseTimeframe,
      timeframes,
      availableIndicators: indicatorColumns,
    });
  }
  const random = options.broker ? undefined : new SeededRandom(seed);
  const broker = options.broker ?? new PaperBroker({ trading: resolved.trading, random });
  const manager = new DataSourceManager(source, { timeframes, baseTimeframe });
  await rawSource.warmUp?.(manager, logger);
  // Across processes, state comes back from the stream (the transport replays it), not from a local store.
  const durable = await openDurableRun(
    resolved,
    rawSource,
    transport ? { ...options, store: false } : options,
    {
      broker,
      random,
      manager,
      symbols,
      logger,
      clock,
      mode,
    },
  );
  const executor = new TradeExecutor({
    broker,
    trading: resolved.trading,
    risk: resolved.risk,
    ...(durable ? { outbox: durable.outbox } : {}),
  });
  transport?.watchExecution(broker, executor);
  // Subscribed before the services start, so the market moves (fills at the open, stops inside the bar)
  // before the strategies evaluate the bar's close.
  let executionService: TradeExecutionService | undefined;
  if (!crossProcess || crossProcess.includes('trade_execution')) {
    subscribeBarExecution(bus, executor, {
      events,
      logger,
      baseTimeframe,
      service: () => executionService,
      ...(durable ? { skip: (symbol: string) => durable.replaying(symbol) } : {}),
    });
  }
  const services = createTradingServices({
    config: resolved,
    symbols,
    timeframes,
    baseTimeframe,
    manager,
    registry,
    executor,
    checkpoints: durable?.checkpoints ?? options.checkpoints ?? new MemoryCheckpointStore(),
    ...(durable ? { replay: durable } : {}),
    onExecutionService: (service) => {
      executionService = service;
    },
    ...(options.faults ? { faults: options.faults } : {}),
    indicatorColumns,
    sleep:
      mode === 'live'
        ? (milliseconds) => new Promise((resolve) => clock.setTimeout(() => resolve(), milliseconds))
        : () => Promise.resolve(),
  });
  const inspect = options.inspect && 'inspect' in options.inspect ? options.inspect.inspect : options.inspect;
  // Supervision runs on control time, so a replay's market clock (a day per bar) cannot time a restart out.
  // A replay as fast as the machine goes counts its restart intensity in bars only: deterministic results.
  const paced = mode === 'live' || resolved.trading.speed > 0;
  const orchestrator = TradingOrchestrator.fromConfig(resolved, {
    bus,
    clock,
    controlClock: options.controlClock ?? new MonotonicClock(),
    barTimeframe: baseTimeframe,
    ...(transport ? { barEvent: transport.candleEvent } : {}),
    replay: !paced,
    logger,
    services,
    events,
    ...(inspect ? { inspect: inspect as TradingOrchestratorOptions['inspect'] } : {}),
  });
  return new TradingSystem({
    config: resolved,
    mode,
    bus,
    clock,
    logger,
    events,
    orchestrator,
    broker,
    executor,
    manager,
    symbols,
    timeframes,
    baseTimeframe,
    source: rawSource,
    ...(durable ? { durable } : {}),
    ...(transport ? { transport } : {}),
  });
}

/**
 * The run's durable store (see `DurableRun`), or undefined without one. The paper broker's store is
 * committed with `synchronous = NORMAL`: a process kill loses nothing, and since the broker's state lives in
 * the same file, a power loss only rewinds the whole run to an earlier consistent point. A real broker
 * keeps its own state, so its orders are fsynced (`full`).
 */
async function openDurableRun(
  config: SystemConfig,
  source: DataSource,
  options: TradingSystemOptions,
  parts: {
    broker: Broker;
    random: SeededRandom | undefined;
    manager: DataSourceManager;
    symbols: string[];
    logger: Logger;
    clock: Clock;
    mode: TradingSystemMode;
  },
): Promise<DurableRun | undefined> {
  if (options.store === undefined || options.store === false) return undefined;
  const candles = (source as { candles?: ReadonlyArray<{ time: number }> }).candles;
  const first = candles?.[0]?.time;
  const last = candles?.[candles.length - 1]?.time;
  const span =
    candles !== undefined && first !== undefined && last !== undefined
      ? { bars: candles.length, first, last }
      : undefined;
  const identity = options.store === true ? runIdentity(config, span) : {};
  const path =
    options.store === true ? (config.store.path ?? defaultStorePath(config, parts.mode, identity)) : '';
  // Before anything is created: a path under /proc would hang in a recursive mkdir, others fail half-way.
  const problem = path === '' || path === ':memory:' ? undefined : writableFileProblem(path);
  if (problem !== undefined) throw new StoreUnavailableError(path, problem);
  const store =
    options.store === true
      ? DurableRun.open(path, {
          identity,
          durability: options.broker ? 'full' : 'normal',
          clock: parts.clock,
          ...(options.fresh ? { fresh: true } : {}),
          ...(options.onNotice ? { onNotice: options.onNotice } : {}),
        })
      : options.store;
  const paper = parts.broker instanceof PaperBroker ? parts.broker : undefined;
  const durable = new DurableRun({
    store,
    broker: parts.broker,
    ...(paper ? { paper } : {}),
    ...(parts.random ? { random: parts.random } : {}),
    manager: parts.manager,
    symbols: parts.symbols,
    logger: parts.logger,
    ...(options.env ? { env: options.env } : {}),
    ownsStore: options.store === true,
    cadence: { bars: config.store.checkpoint_every_bars, milliseconds: config.store.checkpoint_every_ms },
  });
  const notice = durable.notice();
  if (notice !== undefined) options.onNotice?.(notice);
  await durable.recover();
  return durable;
}
