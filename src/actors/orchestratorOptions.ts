import type { Logger } from 'pino';
import type { InspectionEvent, Observer } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import type { CandleEventType } from '../bus/subscribeCandles.js';
import { OrchestratorConfigSchema, type SystemConfig } from '../config/systemConfig.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { OrchestratorInput } from '../machines/orchestratorMachine.js';
import type { RestartType, SupervisionPolicy } from '../machines/supervisionPolicy.js';
import type { Clock } from '../util/clock.js';
import type { AnyServiceDefinition } from './defineService.js';
import { runsService } from './runsService.js';

/**
 * Start order: consumers first, producers last, so that nothing is published before its subscribers
 * exist. Stop order is the reverse (the producer stops first, trade execution last).
 */
export const DEFAULT_START_ORDER: readonly string[] = [
  'trade_execution',
  'strategy_evaluation',
  'indicator_calculation',
  'data_fetching',
];

/**
 * Everything a `TradingOrchestrator` needs. `fromConfig` fills it from a `SystemConfig`.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const logger = pino({ level: 'silent' });
 * declare const services: AnyServiceDefinition[];
 * const orchestrator = new TradingOrchestrator({ bus, clock, logger, services, symbols: ['EURUSD'] });
 * ```
 */
export interface TradingOrchestratorOptions {
  bus: EventBusPort;
  /** Market time: event timestamps, the live loop's fetch interval, uptime. */
  clock: Clock;
  /**
   * Control time: lifecycle timeouts, backoff, restart windows, health checks (default: `clock`;
   * `createTradingSystem` passes monotonic wall time, see {@link MonotonicClock}).
   */
  controlClock?: Clock;
  /**
   * Market progress for the restart window in bars: base candles of this timeframe seen on the bus
   * (default: the cycles run).
   */
  barTimeframe?: string;
  /** The event the bars are counted from (default `NewCandleEvent`; see `CrossProcessTransport.candleEvent`). */
  barEvent?: CandleEventType;
  logger: Logger;
  services: AnyServiceDefinition[];
  /** Event factory shared by the services (default: one on `clock` with seeded ids). */
  events?: EventFactory;
  /** Passed to `createActor`: one observer sees the orchestrator and every service (see `createInspection`). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Override of `DEFAULT_START_ORDER`; unknown services start first (as consumers), in the given order. */
  startOrder?: readonly string[];
  /** Restart type per service (the definition's own `restart` wins). */
  restartTypes?: Record<string, RestartType>;
  supervision?: Partial<SupervisionPolicy>;
  healthCheckIntervalSeconds?: number;
  initTimeoutSeconds?: number;
  shutdownTimeoutSeconds?: number;
  /** Symbols blocked on escalation (`TradingBlockedEvent` per symbol). */
  symbols?: string[];
  /** Logging settings: per-service levels and logger names. */
  logging?: SystemConfig['logging'];
}

/**
 * What `TradingOrchestrator.fromConfig` takes besides the configuration.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * declare const services: AnyServiceDefinition[];
 * const logger = pino({ level: 'silent' });
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services });
 * ```
 */
export interface OrchestratorDeps {
  bus: EventBusPort;
  clock: Clock;
  logger: Logger;
  /** Every service available; those disabled or not listed in `orchestrator.services` are left out. */
  services: AnyServiceDefinition[];
  inspect?: TradingOrchestratorOptions['inspect'];
  events?: EventFactory;
  controlClock?: Clock;
  barTimeframe?: string;
  barEvent?: CandleEventType;
  /**
   * The run replays data as fast as it can: control time then says how fast the machine is, not how often
   * the market breaks things, so the restart intensity counts bars only (deterministic results).
   */
  replay?: boolean;
}

/** The supervision policy `orchestrator.supervision` describes (milliseconds). */
export function policyOf(supervision: SystemConfig['orchestrator']['supervision']): SupervisionPolicy {
  return {
    strategy: supervision.strategy,
    maxRestarts: supervision.max_restarts,
    windowMs: supervision.restart_window_seconds * 1000,
    windowBars: supervision.restart_window_bars,
    backoffInitialMs: supervision.backoff_initial_ms,
    backoffMaxMs: supervision.backoff_max_ms,
    onIntensityExceeded: supervision.on_intensity_exceeded,
  };
}

/** The orchestrator section with every default, from the configuration schema (the one source of defaults). */
const orchestratorDefaults = OrchestratorConfigSchema.parse({});

/** The default policy: the configuration schema's defaults. */
export const DEFAULT_SUPERVISION: SupervisionPolicy = policyOf(orchestratorDefaults.supervision);

/** Sorts services into start order. */
export function startOrderOf(
  names: readonly string[],
  preferred: readonly string[] = DEFAULT_START_ORDER,
): string[] {
  const known = preferred.filter((name) => names.includes(name));
  const unknown = names.filter((name) => !preferred.includes(name));
  return [...unknown, ...known];
}

/** Maps the configuration onto orchestrator options (seconds to milliseconds, enabled services only). */
export function optionsFromConfig(config: SystemConfig, deps: OrchestratorDeps): TradingOrchestratorOptions {
  const servicesConfig = config.services as Record<
    string,
    { enabled?: boolean; restart?: RestartType } | undefined
  >;
  const services = deps.services.filter((definition) => runsService(config, definition.name));
  const restartTypes: Record<string, RestartType> = {};
  for (const definition of services) {
    restartTypes[definition.name] =
      definition.restart ?? servicesConfig[definition.name]?.restart ?? 'permanent';
  }
  const policy = policyOf(config.orchestrator.supervision);
  return {
    bus: deps.bus,
    clock: deps.clock,
    logger: deps.logger,
    services,
    ...(deps.inspect ? { inspect: deps.inspect } : {}),
    ...(deps.events ? { events: deps.events } : {}),
    ...(deps.controlClock ? { controlClock: deps.controlClock } : {}),
    ...(deps.barTimeframe ? { barTimeframe: deps.barTimeframe } : {}),
    ...(deps.barEvent ? { barEvent: deps.barEvent } : {}),
    restartTypes,
    supervision: deps.replay ? { ...policy, windowMs: 0 } : policy,
    healthCheckIntervalSeconds: config.orchestrator.health_check_interval,
    initTimeoutSeconds: config.orchestrator.init_timeout_seconds,
    shutdownTimeoutSeconds: config.orchestrator.shutdown_timeout_seconds,
    symbols: config.trading.symbols ?? [config.trading.symbol],
    logging: config.logging,
  };
}

/** The orchestrator machine's input for these options. */
export function machineInputOf(options: TradingOrchestratorOptions): OrchestratorInput {
  const order = startOrderOf(
    options.services.map((definition) => definition.name),
    options.startOrder,
  );
  const restartTypes: Record<string, RestartType> = {};
  for (const definition of options.services) {
    restartTypes[definition.name] =
      definition.restart ?? options.restartTypes?.[definition.name] ?? 'permanent';
  }
  return {
    order,
    restartTypes,
    policy: { ...DEFAULT_SUPERVISION, ...options.supervision },
    healthCheckIntervalMs:
      (options.healthCheckIntervalSeconds ?? orchestratorDefaults.health_check_interval) * 1000,
    initTimeoutMs: (options.initTimeoutSeconds ?? orchestratorDefaults.init_timeout_seconds) * 1000,
    shutdownTimeoutMs:
      (options.shutdownTimeoutSeconds ?? orchestratorDefaults.shutdown_timeout_seconds) * 1000,
  };
}
