import type { AnyServiceDefinition, ServiceContext } from '../actors/defineService.js';
import { defineService } from '../actors/defineService.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { TradeExecutor } from '../execution/tradeExecutor.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import type { EntryManagerState } from '../strategies/entryManagerState.js';
import { StrategyEngine } from '../strategies/strategyEngine.js';
import type { StrategyRegistry } from '../strategies/strategyRegistry.js';
import type { CheckpointStore } from './checkpointStore.js';
import { DataFetchingService } from './dataFetchingService.js';
import { IndicatorCalculationService } from './indicatorCalculationService.js';
import type { ServiceIo } from './serviceIo.js';
import { StrategyEvaluationService } from './strategyEvaluationService.js';
import { TradeExecutionService } from './tradeExecutionService.js';

/** The long-lived components the services wrap (the seed's "existing packages"). */
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
}

const io = (context: ServiceContext): ServiceIo => ({
  publish: context.publish,
  events: context.events,
  logger: context.logger,
});

/**
 * The four seed services as supervised service definitions. Each `initialize` builds its service afresh
 * from the components, so a restart never resumes half-broken state; what must survive a restart
 * (positions, bar counts) comes back from the checkpoint store.
 *
 * @example
 * ```ts
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services: createTradingServices(components) });
 * ```
 */
export function createTradingServices(components: TradingComponents): AnyServiceDefinition[] {
  const { config } = components;
  return [
    defineService({
      name: 'data_fetching',
      displayName: 'DataFetchingService',
      initialize: (context) =>
        new DataFetchingService(io(context), {
          manager: components.manager,
          symbols: components.symbols,
          timeframes: components.timeframes,
          config: config.services.data_fetching,
          sleep: components.sleep,
        }),
      onCycle: async (service) => {
        await service.fetchStreamingData();
      },
      metrics: (service) => service.metrics(),
    }),
    defineService({
      name: 'indicator_calculation',
      displayName: 'IndicatorCalculationService',
      initialize: (context) =>
        new IndicatorCalculationService(io(context), {
          config: config.services.indicator_calculation,
          history: (symbol, timeframe, count) => components.manager.recentBars(symbol, timeframe, count),
        }),
      subscribe: (service) => ({ NewCandleEvent: (event) => service.onNewCandle(event) }),
      metrics: (service) => service.metrics(),
    }),
    defineService({
      name: 'strategy_evaluation',
      displayName: 'StrategyEvaluationService',
      initialize: (context) => {
        const engine = new StrategyEngine(config.services.strategy_evaluation, components.registry, {
          symbols: components.symbols,
          defaultTimeframe: components.timeframes[0] ?? components.baseTimeframe,
          timeframes: components.timeframes,
          availableIndicators: components.indicatorColumns,
          // The engine skips a throwing strategy for that candle and the service counts it; say which and why.
          onEvaluationError: (error) =>
            context.logger.warn({ strategy: error.strategyName, symbol: error.symbol }, error.message),
        });
        const saved = components.checkpoints.load<EntryManagerState>('strategy_evaluation', 'entry_manager');
        if (saved !== undefined) engine.entryManager.restore(saved);
        return new StrategyEvaluationService(io(context), engine);
      },
      subscribe: (service) => ({
        IndicatorsCalculatedEvent: (event) => service.onIndicators(event),
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
      shutdown: (service) => {
        components.checkpoints.save(
          'strategy_evaluation',
          'entry_manager',
          service.engine.entryManager.snapshot(),
        );
      },
      metrics: (service) => service.metrics(),
    }),
    defineService({
      name: 'trade_execution',
      displayName: 'TradeExecutionService',
      initialize: (context) =>
        new TradeExecutionService(io(context), {
          executor: components.executor,
          config: config.services.trade_execution,
          baseTimeframe: components.baseTimeframe,
        }),
      subscribe: (service) => ({
        EntrySignalEvent: (event) => service.onSignal(event),
        ExitSignalEvent: (event) => service.onSignal(event),
        NewCandleEvent: (event) => service.onNewCandle(event),
      }),
      shutdown: (service) => service.flush(),
      metrics: (service) => service.metrics(),
    }),
  ];
}
