import type { AnyServiceDefinition, ServiceContext } from '../actors/defineService.js';
import { defineService } from '../actors/defineService.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { TradingEvent } from '../events/tradingEvents.js';
import type { AuthorizationChange, TradeExecutor, TradeExecutorState } from '../execution/tradeExecutor.js';
import { FaultInjector } from '../faults/faultInjector.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import type { EntryManagerState } from '../strategies/entryManagerState.js';
import { StrategyEngine } from '../strategies/strategyEngine.js';
import type { StrategyEvaluationError } from '../strategies/strategyEvaluationError.js';
import type { StrategyRegistry } from '../strategies/strategyRegistry.js';
import type { CheckpointStore } from './checkpointStore.js';
import { DataFetchingService } from './dataFetchingService.js';
import { IndicatorCalculationService } from './indicatorCalculationService.js';
import { SeriesProgress } from './seriesProgress.js';
import type { ServiceIo } from './serviceIo.js';
import { StaleDataMonitor } from './staleDataMonitor.js';
import { StrategyEvaluationService } from './strategyEvaluationService.js';
import { TradeExecutionService } from './tradeExecutionService.js';

/** The long-lived components the services wrap (the specification's "existing packages"). */
export interface TradingComponents {
  config: SystemConfig;
  symbols: string[];
  timeframes: string[];
  baseTimeframe: string;
  manager: DataSourceManager;
  registry: StrategyRegistry;
  executor: TradeExecutor;
  checkpoints: CheckpointStore;
  /** Column names the configured indicators produce, to check strategies at start-up. */
  indicatorColumns: readonly string[];
  /** Waits between fetch retries (immediate in backtests). */
  sleep: (milliseconds: number) => Promise<void>;
  /** Makes services throw on chosen events (default: from the `faults` configuration section). */
  faults?: FaultInjector;
  /**
   * After a restart from a durable checkpoint, the bars up to the checkpoint are replayed to rebuild the
   * candles and indicators; while `replaying(symbol)`, strategies and execution leave them alone (their
   * state was restored as of the checkpoint).
   */
  replay?: { replaying(symbol: string): boolean };
  /** Told about each new trade execution service (so bars reach it before the strategies; see onBar). */
  onExecutionService?: (service: TradeExecutionService) => void;
}

/** Block reasons other services announce, and the authorization reason that lifts each. */
const externalBlocks: Readonly<Record<string, string>> = {
  service_failed: 'services_recovered',
  stale_data: 'fresh_data',
};

const io = (context: ServiceContext): ServiceIo => ({
  publish: context.publish,
  events: context.events,
  logger: context.logger,
});

/** What the data service holds: the fetching and the staleness watch over what it fetched. */
interface DataFetchingState {
  service: DataFetchingService;
  stale: StaleDataMonitor;
}

/**
 * The data service's cycle: a fetch, then the staleness check of what it fetched (by position: the monitor
 * watches the same symbols and timeframes, in the same order). Synchronous when the feed is (a backtest's
 * cycle then runs without a promise). Module functions, not closures made per system: a closure's context
 * would be allocated on every call (once per bar), and code inlining a closure of one system is
 * deoptimised when that system is collected.
 */
function fetchAndCheck({ service, stale }: DataFetchingState): void | Promise<void> {
  const fetched = service.fetch();
  if (typeof fetched !== 'number') return checkWhenFetched(fetched, service, stale);
  stale.checkTimes(service.lastCandleTimes());
}

function checkWhenFetched(
  fetched: Promise<number>,
  service: DataFetchingService,
  stale: StaleDataMonitor,
): Promise<void> {
  return fetched.then(() => stale.checkTimes(service.lastCandleTimes()));
}

/** The execution service's cycle end: the signals received during the cycle execute (see `CycleWindow`). */
function executeDeferredSignals(
  service: TradeExecutionService,
  _context: ServiceContext,
  failed: (error: unknown, event: TradingEvent) => void,
): void | Promise<void> {
  return service.runDeferred(failed);
}

/**
 * The four trading services as supervised service definitions. Each `initialize` builds its service afresh
 * from the components, so a restart never resumes half-broken state; what must survive a restart
 * (positions, bar counts) comes back from the checkpoint store.
 *
 * @example
 * ```ts
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services: createTradingServices(components) });
 * ```
 */
export function createTradingServices(components: TradingComponents): AnyServiceDefinition[] {
  const { config, checkpoints, manager } = components;
  // Last candle per symbol and timeframe whose indicators were published. Outlives a restart of the
  // indicator service, which catches up from there: the candle it failed on is computed, not lost.
  const indicatorProgress = new SeriesProgress();
  // The executor outlives service restarts; only a new process takes its state from a checkpoint.
  let executorRestored = false;
  const definitions = [
    defineService({
      name: 'data_fetching',
      displayName: 'DataFetchingService',
      initialize: (context): DataFetchingState => ({
        service: new DataFetchingService(io(context), {
          manager,
          symbols: components.symbols,
          timeframes: components.timeframes,
          config: config.services.data_fetching,
          sleep: components.sleep,
        }),
        stale: new StaleDataMonitor(io(context), {
          symbols: components.symbols,
          timeframes: components.timeframes,
          staleAfter: config.services.data_fetching.stale_after,
          blocked: checkpoints.load<string[]>('data_fetching', 'stale_symbols') ?? [],
          onChange: (blocked) => checkpoints.save('data_fetching', 'stale_symbols', blocked),
        }),
      }),
      onCycle: fetchAndCheck,
      health: ({ stale }) => stale.health(),
      metrics: ({ service }) => service.metrics(),
    }),
    defineService({
      name: 'indicator_calculation',
      displayName: 'IndicatorCalculationService',
      initialize: (context) => {
        const service = new IndicatorCalculationService(io(context), {
          config: config.services.indicator_calculation,
          // All the history kept, not just the warm-up: path-dependent indicators (EMA, ATR) then come
          // back with the values they had before a restart, whenever the run is shorter than the history.
          history: (symbol, timeframe) => manager.recentBars(symbol, timeframe, manager.historyLimit),
        });
        if (indicatorProgress.size === 0) {
          indicatorProgress.restore(
            checkpoints.load<Record<string, number>>('indicator_calculation', 'progress') ?? {},
          );
        }
        for (const [symbol, timeframe, time] of indicatorProgress.entries()) {
          for (const bar of manager.recentBars(symbol, timeframe, manager.historyLimit)) {
            if (bar.time <= time) continue;
            service.onNewCandle(context.events.create('NewCandleEvent', { symbol, timeframe, bar }));
            indicatorProgress.set(symbol, timeframe, bar.time);
          }
        }
        return service;
      },
      subscribe: (service) => ({
        NewCandleEvent: (event) => {
          service.onNewCandle(event);
          indicatorProgress.set(event.symbol, event.timeframe, event.bar.time);
        },
      }),
      shutdown: () => {
        checkpoints.save('indicator_calculation', 'progress', indicatorProgress.toRecord());
      },
      metrics: (service) => service.metrics(),
    }),
    defineService({
      name: 'strategy_evaluation',
      displayName: 'StrategyEvaluationService',
      initialize: (context) => {
        let failed: StrategyEvaluationError | undefined;
        const engine = new StrategyEngine(config.services.strategy_evaluation, components.registry, {
          symbols: components.symbols,
          defaultTimeframe: components.timeframes[0] ?? components.baseTimeframe,
          timeframes: components.timeframes,
          availableIndicators: components.indicatorColumns,
          // The engine lets the other strategies finish the candle; then the error fails the service (below).
          onEvaluationError: (error) => {
            failed ??= error;
          },
        });
        const saved = components.checkpoints.load<EntryManagerState>('strategy_evaluation', 'entry_manager');
        if (saved !== undefined) engine.entryManager.restore(saved);
        // Bar clocks move every candle: a durable store reads them at each cycle's checkpoint, into one
        // reused capture (its JSON built only for the cycles written).
        const capture = engine.entryManager.capture();
        components.checkpoints.register?.('strategy_evaluation', 'entry_manager', () => capture.take());
        const service = new StrategyEvaluationService(io(context), engine);
        // A strategy that throws fails the service once the candle's other signals are out: supervision then
        // restarts it (a one-off error costs that candle) or escalates (a strategy that throws on every bar).
        const takeFailure = () => {
          const error = failed;
          failed = undefined;
          return error;
        };
        return { service, takeFailure };
      },
      subscribe: ({ service, takeFailure }) => ({
        IndicatorsCalculatedEvent: (event) => {
          if (components.replay?.replaying(event.symbol)) return;
          service.onIndicators(event);
          const failure = takeFailure();
          if (failure !== undefined) throw failure;
        },
        OrderPlacedEvent: (event) => {
          service.onOrderPlaced(event);
          // Positions change only here: checkpoint them so a restarted service manages them on.
          components.checkpoints.save(
            'strategy_evaluation',
            'entry_manager',
            service.engine.entryManager.snapshot(),
          );
        },
      }),
      shutdown: ({ service }) => {
        components.checkpoints.save(
          'strategy_evaluation',
          'entry_manager',
          service.engine.entryManager.snapshot(),
        );
      },
      metrics: ({ service }) => service.metrics(),
    }),
    defineService({
      name: 'trade_execution',
      displayName: 'TradeExecutionService',
      initialize: (context) => {
        if (!executorRestored) {
          executorRestored = true;
          const saved = checkpoints.load<TradeExecutorState>('trade_execution', 'executor');
          if (saved !== undefined) components.executor.restore(saved);
        }
        // Working orders and stops change with the bars: a durable store reads them at each checkpoint.
        // Its version moves only when they do: an unchanged executor is not copied again.
        checkpoints.register?.(
          'trade_execution',
          'executor',
          () => components.executor.snapshot(),
          () => components.executor.version,
        );
        const service = new TradeExecutionService(io(context), {
          executor: components.executor,
          config: config.services.trade_execution,
          baseTimeframe: components.baseTimeframe,
          cycle: context.cycle,
        });
        components.onExecutionService?.(service);
        return service;
      },
      subscribe: (service, context) => {
        // Blocks other services announce (escalation, stale data) reach the executor; the service's own
        // block and authorization events come back here too, and are recognised and skipped.
        const own = new Set<string>();
        const publish = (changes: AuthorizationChange[], cause: TradingEvent) => {
          for (const change of changes) {
            const event = change.becameBlocked
              ? context.emit('TradingBlockedEvent', change.becameBlocked, cause)
              : change.becameAuthorized
                ? context.emit('TradingAuthorizedEvent', change.becameAuthorized, cause)
                : undefined;
            if (event) own.add(event.eventId);
          }
        };
        return {
          EntrySignalEvent: (event) => service.receiveSignal(event),
          ExitSignalEvent: (event) => service.receiveSignal(event),
          NewCandleEvent: (event) => {
            // Replayed bars were marked to market before the checkpoint the broker was restored from.
            if (components.replay?.replaying(event.symbol)) return;
            service.onNewCandle(event);
          },
          TradingBlockedEvent: (event) => {
            if (own.delete(event.eventId)) return;
            for (const reason of event.reasons) {
              if (externalBlocks[reason] === undefined) continue;
              publish(components.executor.setExternalBlock(event.symbol, reason, true), event);
            }
          },
          TradingAuthorizedEvent: (event) => {
            if (own.delete(event.eventId)) return;
            for (const [reason, lift] of Object.entries(externalBlocks)) {
              if (event.reason !== lift) continue;
              publish(components.executor.setExternalBlock(event.symbol, reason, false), event);
            }
          },
        };
      },
      afterCycle: executeDeferredSignals,
      shutdown: (service) => service.flush(),
      metrics: (service) => service.metrics(),
    }),
  ];
  const faults = components.faults ?? FaultInjector.fromConfig(config.faults);
  return faults ? definitions.map((definition) => faults.wrap(definition)) : definitions;
}
