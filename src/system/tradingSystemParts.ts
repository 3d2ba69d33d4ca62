import type { Logger } from 'pino';
import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { EventBusPort } from '../bus/busTypes.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { Broker } from '../execution/broker.js';
import type { TradeExecutor } from '../execution/tradeExecutor.js';
import type { DataSource } from '../market/dataSource.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import type { DurableRun } from '../store/durableRun.js';
import type { Clock } from '../util/clock.js';
import type { CrossProcessTransport } from './crossProcessTransport.js';
import type { TradingSystemMode } from './runOptions.js';

/**
 * The components a `TradingSystem` is built from (see `createTradingSystem`).
 *
 * @example
 * ```ts
 * // Assembled by createTradingSystem; a TradingSystem exposes them as properties.
 * const { bus, broker, orchestrator } = await createTradingSystem(config);
 * ```
 */
export interface TradingSystemParts {
  config: SystemConfig;
  mode: TradingSystemMode;
  bus: EventBusPort;
  clock: Clock;
  logger: Logger;
  events: EventFactory;
  orchestrator: TradingOrchestrator;
  broker: Broker;
  executor: TradeExecutor;
  manager: DataSourceManager;
  source: DataSource;
  symbols: string[];
  timeframes: string[];
  baseTimeframe: string;
  /**
   * The run's durable store: progress restored on start, a checkpoint after every cycle.
   * @internal The store's machinery is not public; `createTradingSystem({ store })` opens it.
   */
  durable?: DurableRun;
  /**
   * Set when this process runs part of the pipeline over NATS (`event_bus.transport: nats`).
   * @internal Built by `createTradingSystem` from `event_bus`.
   */
  transport?: CrossProcessTransport;
}
