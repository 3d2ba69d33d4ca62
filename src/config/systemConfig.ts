import { z } from 'zod';
import { EventBusConfigSchema } from './eventBusConfig.js';
import { FaultsConfigSchema } from './faultsConfig.js';
import { LoggingConfigSchema } from './loggingConfig.js';
import { OrchestratorConfigSchema } from './orchestratorConfig.js';
import { RiskConfigSchema } from './riskConfig.js';
import { ServicesConfigSchema } from './servicesConfig.js';
import { StoreConfigSchema } from './storeConfig.js';
import { TradingConfigSchema } from './tradingConfig.js';

/**
 * The configuration tree (the specification's `SystemConfig`). Keys are snake_case as in the specification's YAML; every
 * default lives in these schemas; unknown keys are rejected. The `description` of each field feeds the README's
 * configuration reference and `config/services.yaml`. Each section's schema lives in its own file beside this
 * one; this file assembles and re-exports them, so importers keep one place to import the configuration from.
 */

/**
 * The whole configuration as a zod schema: every key, default and description (`tradestate config` renders it).
 *
 * @example
 * ```ts
 * const config = SystemConfigSchema.parse({ trading: { symbol: 'EURUSD' } }); // every default filled in
 * console.log(config.services.data_fetching.fetch_interval);
 * ```
 */
export const SystemConfigSchema = z.strictObject({
  services: ServicesConfigSchema.prefault({}),
  event_bus: EventBusConfigSchema.prefault({}),
  orchestrator: OrchestratorConfigSchema.prefault({}),
  logging: LoggingConfigSchema.prefault({}),
  trading: TradingConfigSchema.prefault({}),
  risk: RiskConfigSchema.prefault({}),
  store: StoreConfigSchema.prefault({}),
  faults: FaultsConfigSchema.prefault({}),
});

/**
 * The resolved configuration: every default filled in.
 *
 * @example
 * ```ts
 * function describe(config: SystemConfig) { return `${config.trading.symbol} on ${config.trading.timeframes.join(', ')}`; }
 * ```
 */
export type SystemConfig = z.infer<typeof SystemConfigSchema>;
/**
 * What a YAML file or an embedding program may give: any subset.
 *
 * @example
 * ```ts
 * const input: SystemConfigInput = { trading: { symbol: 'EURUSD' }, logging: { level: 'WARNING' } };
 * const system = await createTradingSystem(input);
 * ```
 */
export type SystemConfigInput = z.input<typeof SystemConfigSchema>;
/**
 * The four services: `data_fetching`, `indicator_calculation`, `strategy_evaluation`, `trade_execution`.
 *
 * @example
 * ```ts
 * const name: ServiceName = 'indicator_calculation';
 * await system.restartService(name);
 * ```
 */
export type ServiceName = keyof SystemConfig['services'];
/**
 * The four services, in pipeline order.
 *
 * @example
 * ```ts
 * for (const name of serviceNames) console.log(name, system.getServiceHealth()[name]?.state);
 * ```
 */
export const serviceNames: readonly ServiceName[] = [
  'data_fetching',
  'indicator_calculation',
  'strategy_evaluation',
  'trade_execution',
];

export { BrokerConfigSchema } from './brokerConfig.js';
export { DataSourceConfigSchema } from './dataSourceConfig.js';
export { EventBusConfigSchema } from './eventBusConfig.js';
export { FaultRuleSchema, FaultsConfigSchema } from './faultsConfig.js';
export { InstrumentConfigSchema } from './instrumentConfig.js';
export { LoggingConfigSchema } from './loggingConfig.js';
export { NewsWindowSchema } from './newsWindow.js';
export { OrchestratorConfigSchema } from './orchestratorConfig.js';
export { RiskConfigSchema } from './riskConfig.js';
export {
  DataFetchingConfigSchema,
  defaultIndicators,
  IndicatorCalculationConfigSchema,
  type IndicatorSpec,
  IndicatorSpecSchema,
  RegimeConfigSchema,
  RestartTypeSchema,
  ServicesConfigSchema,
  type StrategyEntry,
  StrategyEntrySchema,
  StrategyEvaluationConfigSchema,
  TradeExecutionConfigSchema,
} from './servicesConfig.js';
export { SessionWindowSchema } from './sessionWindow.js';
export { StoreConfigSchema } from './storeConfig.js';
export { SupervisionConfigSchema } from './supervisionConfig.js';
export { TradingConfigSchema } from './tradingConfig.js';
