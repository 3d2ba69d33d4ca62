/**
 * tradestate: an event-driven trading system built as supervised XState v5 actors.
 *
 * The public API, curated by name. Everything not exported here is internal and may change.
 *
 * @example
 * ```ts
 * import { createTradingSystem } from 'tradestate';
 *
 * const system = await createTradingSystem({ trading: { symbol: 'EURUSD' }, logging: { level: 'WARNING' } });
 * system.bus.subscribe('OrderPlacedEvent', (order) => console.log(order.direction, order.size, order.symbol));
 * const summary = await system.run({ maxCandles: 2_000 });
 * await system.stop();
 * console.log(summary.final_equity);
 * ```
 *
 * @packageDocumentation
 */

export { createServiceActor } from './actors/createServiceActor.js';
export {
  type AnyServiceDefinition,
  defineService,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceHandlers,
  type ServiceHealth,
} from './actors/defineService.js';
export type { OrchestratorDeps, TradingOrchestratorOptions } from './actors/orchestratorOptions.js';
export { ServiceStartError } from './actors/serviceStartError.js';
export { type OrchestratorStatus, TradingOrchestrator } from './actors/tradingOrchestrator.js';
// Backtesting and reports
export type { BacktestInterruption } from './backtest/backtestRecords.js';
export { EquityRecorder } from './backtest/equityRecorder.js';
export {
  type BlockedPeriod,
  type EquityPoint,
  type PerformanceSummary,
  type RoundTrip,
  type SummaryContext,
  summarizePerformance,
} from './backtest/performanceSummary.js';
export { type ReportInput, renderReportHtml } from './backtest/reportHtml.js';
export { type BacktestMargin, type BacktestReport, writeBacktestReport } from './backtest/reportWriter.js';
export { type BacktestOptions, type BacktestResult, runBacktest } from './backtest/runBacktest.js';
export { type TradeGroupStatistics, tradeReturn } from './backtest/tradeStatistics.js';
// Event bus
export type { EventBusMetrics, EventBusPort, EventHandler, SubscriptionId } from './bus/busTypes.js';
export { createEventBus } from './bus/createEventBus.js';
export { EventBus, type EventBusOptions } from './bus/eventBus.js';
export { EventBusOverflowError } from './bus/eventBusOverflowError.js';
export { NatsEventBus } from './bus/nats/natsEventBus.js';
export type { ConfigCheck, ConfigFinding } from './config/configCheck.js';
export { ConfigError, type ConfigProblem } from './config/configError.js';
export { ConfigFileNotFoundError } from './config/configFileNotFoundError.js';
export { ConfigLoader, type ConfigLoadOptions, configFromObject, loadConfig } from './config/configLoader.js';
export { formatConfigError } from './config/formatConfigError.js';
export { redactConfig } from './config/redactConfig.js';
// Configuration
export {
  type ServiceName,
  type StrategyEntry,
  type SystemConfig,
  type SystemConfigInput,
  SystemConfigSchema,
  serviceNames,
} from './config/systemConfig.js';
// Errors: every user mistake is a UserError carrying the CLI's exit code
export { type ExitCode, exitCodes } from './errors/exitCodes.js';
export { FileAccessError } from './errors/fileAccessError.js';
export { InvalidOptionError } from './errors/invalidOptionError.js';
export { UserError } from './errors/userError.js';
// Events
export { type Candle, CandleSchema, type IndicatorRow, IndicatorRowSchema } from './events/candle.js';
export { EventFactory } from './events/eventFactory.js';
export { type EventIssue, InvalidEventError } from './events/invalidEventError.js';
export {
  type DataFetchedEvent,
  DataFetchedEventSchema,
  type Direction,
  DirectionSchema,
  type EntrySignalEvent,
  EntrySignalEventSchema,
  type EventOf,
  type EventPayload,
  type EventType,
  type ExitReason,
  ExitReasonSchema,
  type ExitSignalEvent,
  ExitSignalEventSchema,
  eventSchemas,
  eventTypes,
  type IndicatorsCalculatedEvent,
  IndicatorsCalculatedEventSchema,
  type NewCandleEvent,
  NewCandleEventSchema,
  type OrderPlacedEvent,
  OrderPlacedEventSchema,
  type RegimeChangedEvent,
  RegimeChangedEventSchema,
  type ServiceFailedEvent,
  ServiceFailedEventSchema,
  type ServiceRestartedEvent,
  ServiceRestartedEventSchema,
  type ServiceStateChangedEvent,
  ServiceStateChangedEventSchema,
  seedEventSchemas,
  type TradingAuthorizedEvent,
  TradingAuthorizedEventSchema,
  type TradingBlockedEvent,
  TradingBlockedEventSchema,
  type TradingEvent,
  TradingEventSchema,
} from './events/tradingEvents.js';
// Execution
export { BlockedPeriodLog } from './execution/blockedPeriodLog.js';
export type { AccountState, Broker, Fill, OrderRequest, Position } from './execution/broker.js';
export { clientOrderId } from './execution/clientOrderId.js';
export { intrabarExit } from './execution/intrabarExit.js';
export { OrderRejectedError } from './execution/orderRejectedError.js';
export { PaperBroker } from './execution/paperBroker.js';
export { PositionSizer } from './execution/positionSizer.js';
export { type ExecutionResult, TradeExecutor } from './execution/tradeExecutor.js';
export { TradingAuthorizer } from './execution/tradingAuthorizer.js';
export { IndicatorConfigError } from './indicators/indicatorConfigError.js';
// Indicators
export { IndicatorProcessor } from './indicators/indicatorProcessor.js';
export { type Regime, RegimeManager } from './indicators/regimeManager.js';
export { ConversionSeries, ConversionSeriesError } from './instruments/conversionSeries.js';
export { CurrencyConverter } from './instruments/currencyConverter.js';
export { resolveInstrument } from './instruments/instrumentProfile.js';
export { MissingConversionError } from './instruments/missingConversionError.js';
export { PriceScaleError } from './instruments/priceScaleError.js';
export { priceScaleWarnings } from './instruments/priceScaleWarnings.js';
export { CorrelationContext } from './logging/correlationContext.js';
// Logging and correlation
export { type CreateLoggerOptions, createLogger } from './logging/createLogger.js';
export { serviceLogger } from './logging/serviceLogger.js';
// Machines (open them in Stately tools) and actors
export { lifecycleMachine } from './machines/lifecycleMachine.js';
export { type MachineJson, machineToJson } from './machines/machineToJson.js';
export { machineToMermaid } from './machines/machineToMermaid.js';
export { orchestratorMachine } from './machines/orchestratorMachine.js';
export { CsvDataSource } from './market/csvDataSource.js';
export { CsvFormatError } from './market/csvFormatError.js';
// Market data
export type { DataSource } from './market/dataSource.js';
export { DataSourceManager } from './market/dataSourceManager.js';
export { IterableDataSource } from './market/iterableDataSource.js';
export { NewCandleDetector } from './market/newCandleDetector.js';
export { parseCsv } from './market/parseCsv.js';
export { PriceRange } from './market/priceRange.js';
export { SubMinuteBarsError } from './market/subMinuteBarsError.js';
export { SyntheticDataSource } from './market/syntheticDataSource.js';
export { createInspection, type Inspection, type InspectionOptions } from './ops/createInspection.js';
export { installSignalHandlers } from './ops/installSignalHandlers.js';
export type { TrialRuntime } from './optimize/localTrialExecutor.js';
// Optimisation (README "Optimisation": `optimize()` and `writeOptimizeReport`)
export {
  type FoldResult,
  type OptimizeData,
  type OptimizeOptions,
  type OptimizeProgress,
  type OptimizeResult,
  optimize,
  type TrialResult,
} from './optimize/optimize.js';
export { OptimizeInputError } from './optimize/optimizeInputError.js';
export type { OptimizeTask, OptimizeWorkerData } from './optimize/optimizeWorker.js';
export type { ParameterRange } from './optimize/parameterRange.js';
export type { ParameterTarget } from './optimize/parameterTarget.js';
export type { BarWindow, TrialJob, TrialOutcome } from './optimize/runTrial.js';
export type { TrialExecutor } from './optimize/trialExecutor.js';
export type { Trial } from './optimize/trialPlan.js';
export { writeOptimizeReport } from './optimize/writeOptimizeReport.js';
export { type CheckpointStore, MemoryCheckpointStore } from './services/checkpointStore.js';
// Durable state
export { StoreUnavailableError, TradingStore } from './store/tradingStore.js';
// Strategies
export { defineStrategy, type Strategy, type StrategyDefinition } from './strategies/defineStrategy.js';
export { EntryManager } from './strategies/entryManager.js';
export { StrategyConfigError } from './strategies/strategyConfigError.js';
export { type StrategyDecision, StrategyEngine } from './strategies/strategyEngine.js';
export { describeStrategyParameters, type StrategyParameter } from './strategies/strategyParameters.js';
export { StrategyRegistry } from './strategies/strategyRegistry.js';
export { UnknownStrategyTypeError } from './strategies/unknownStrategyTypeError.js';
// The system
export {
  createTradingSystem,
  type TradingSystemMode,
  type TradingSystemOptions,
} from './system/createTradingSystem.js';
export { formatSupervision } from './system/formatSupervision.js';
export type { SupervisionIncident, SupervisionSummary } from './system/supervisionRecorder.js';
export {
  type RunOptions,
  type RunSummary,
  TradingSystem,
  TradingSystemHaltedError,
} from './system/tradingSystem.js';

// Time and randomness
export { type Clock, MonotonicClock, SimulatedClock, SystemClock } from './util/clock.js';
export { SeededRandom } from './util/random.js';

// Types named by the public signatures above (options, results, machine contexts, records). Exported so a
// consumer can write down every type the API hands out; `npm run test:package` checks that none is missing.

export type { OrchestratorBindings } from './actors/createOrchestratorLogic.js';
export type { StandaloneService } from './actors/createServiceActor.js';
export type {
  BaseServiceMetrics,
  ServiceDeps,
  ServiceLifecycle,
  ServiceRuntime,
} from './actors/serviceRuntime.js';
export type { OrchestratorRunOptions } from './actors/tradingOrchestrator.js';
export type { ClosableEventBus, CreateEventBusOptions } from './bus/createEventBus.js';
export type { EventHistoryFilter } from './bus/eventHistory.js';
export type { OverflowPolicy } from './bus/eventQueue.js';
export type { NatsEventBusOptions, NatsSubscribeOptions } from './bus/nats/natsEventBus.js';
export type { NatsEventBusMetrics, NatsTransportCounters } from './bus/nats/natsEventBusMetrics.js';
export type { ConfigSource } from './config/configError.js';
export type { IndicatorSpec } from './config/systemConfig.js';
export { type EndOfDataEvent, EndOfDataEventSchema } from './events/tradingEvents.js';
export type { BlockedPeriod as BlockedPeriodLogEntry } from './execution/blockedPeriodLog.js';
export type { BlockedPeriodReport } from './execution/describeBlockedPeriods.js';
export type { BarExecution, TradeExecutorState, WorkingOrder } from './execution/executionTypes.js';
export type { IntrabarExit } from './execution/intrabarExit.js';
export type { PaperAccountState } from './execution/paperAccounting.js';
export type { PaperBrokerOptions } from './execution/paperBroker.js';
export type { PaperPricing } from './execution/paperPricing.js';
export type { SizingInput, SizingResult } from './execution/positionSizer.js';
export type { AuthorizationChange, OrderOutbox, TradeExecutorOptions } from './execution/tradeExecutor.js';
export type {
  AuthorizationRequest,
  AuthorizationResult,
  DrawdownState,
} from './execution/tradingAuthorizer.js';
export { FaultInjector, type FaultInjectorOptions, type FaultRule } from './faults/faultInjector.js';
export { InjectedFault } from './faults/injectedFault.js';
export type { RegimeConfig, RegimeIndicatorNames, RegimeUpdate } from './indicators/regimeManager.js';
export type { InstrumentProfile } from './instruments/instrumentProfile.js';
export type {
  AnnounceParams,
  LifecycleContext,
  LifecycleEvent,
  LifecycleInput,
  LifecycleOutput,
  LifecycleState,
  LifecycleWorkInput,
} from './machines/lifecycleMachine.js';
export type {
  ChildPhase,
  Escalation,
  OrchestratorContext,
  OrchestratorInput,
  ServiceExit,
} from './machines/orchestratorMachine.js';
export type {
  RestartMark,
  RestartType,
  SupervisionDecision,
  SupervisionPolicy,
  SupervisionStrategy,
} from './machines/supervisionPolicy.js';
export type { CsvDataSourceOptions } from './market/csvDataSource.js';
export type { WarmUpTarget } from './market/dataSource.js';
export type { DataSourceManagerOptions } from './market/dataSourceManager.js';
export type { CandleFeed } from './market/iterableDataSource.js';
export type { ParseCsvOptions, ParsedCsv } from './market/parseCsv.js';
export type { ResolvedSymbolProfile, SymbolProfile } from './market/symbolProfile.js';
export type { SyntheticDataSourceOptions, SyntheticPhase } from './market/syntheticDataSource.js';
export type { SignalHandlerOptions, SignalSource } from './ops/installSignalHandlers.js';
export type { EquityColumns } from './store/equityChunks.js';
export type {
  OrderIntent,
  OrderRecord,
  OrderStatus,
  PositionChange,
  StoredPosition,
} from './store/storeRecords.js';
export type { EquityCurvePoint, TradingStoreOptions } from './store/tradingStore.js';
export type { BarAdvance, EntryBlockReason, EntryPermission, OpenFill } from './strategies/entryManager.js';
export type {
  EntryManagerState,
  OpenPosition,
  PendingEntry,
  PendingExit,
} from './strategies/entryManagerState.js';
export type { StrategyEngineOptions, StrategyEvaluationConfig } from './strategies/strategyEngine.js';
export { StrategyEvaluationError } from './strategies/strategyEvaluationError.js';
export type { TradingSystemParts } from './system/tradingSystem.js';
export { createIdGenerator, type IdGenerator } from './util/idGenerator.js';
