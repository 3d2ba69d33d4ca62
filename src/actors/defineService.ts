import type { Logger } from 'pino';
import type { EventBusPort } from '../bus/busTypes.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { EventOf, EventPayload, EventType, TradingEvent } from '../events/tradingEvents.js';
import type { RestartType } from '../machines/supervisionPolicy.js';
import type { Clock } from '../util/clock.js';
import type { CycleWindow } from './cycleWindow.js';
import { ServiceDefinitionError } from './serviceDefinitionError.js';

/**
 * What every hook of a service receives: its name, the bus, the clock, its own logger and publish helpers.
 *
 * @example
 * ```ts
 * const heartbeat = defineService({
 *   name: 'heartbeat', displayName: 'HeartbeatService',
 *   initialize: (context: ServiceContext) => ({ started: context.clock.now() }),
 * });
 * ```
 */
export interface ServiceContext {
  /** Service name (`data_fetching`), also the actor's id and systemId. */
  readonly name: string;
  /** Name in logs (`DataFetchingService`). */
  readonly displayName: string;
  readonly bus: EventBusPort;
  readonly clock: Clock;
  /** Child logger bound to `{ service: displayName }`. */
  readonly logger: Logger;
  readonly events: EventFactory;
  /** Publishes on the bus and counts `events_published`. */
  publish(event: TradingEvent): void;
  /** Builds an event with `events.create(...)`, publishes it (counted) and returns it. */
  emit<T extends EventType>(type: T, payload: EventPayload<T>, cause?: TradingEvent): EventOf<T>;
  /** Open while the trading loop runs a cycle's synchronous part: work may wait for `afterCycle`. */
  readonly cycle: CycleWindow;
}

/**
 * Handlers a service subscribes to while RUNNING, by event type (`'*'` for every event). The bus calls them
 * directly: no machine transition per event. A handler that throws (or rejects) fails the service.
 *
 * @example
 * ```ts
 * const handlers: ServiceHandlers = {
 *   NewCandleEvent: (event) => console.log(event.bar.close),
 *   '*': (event) => console.log(event.type),
 * };
 * ```
 */
export type ServiceHandlers = {
  [T in EventType]?: (event: EventOf<T>) => void | Promise<void>;
} & { '*'?: (event: TradingEvent) => void | Promise<void> };

/**
 * A service's own health verdict.
 *
 * @example
 * ```ts
 * const healthOf = (lagMs: number): ServiceHealth =>
 *   lagMs > 5_000 ? { healthy: false, reason: `lagging ${lagMs} ms` } : { healthy: true };
 * ```
 */
export interface ServiceHealth {
  healthy: boolean;
  reason?: string;
}

/**
 * A service described by its hooks. `State` is whatever `initialize` builds (the wrapped components:
 * processor, strategy engine, executor...); every other hook receives it. `initialize` runs on every
 * (re)start and must build fresh state: a restarted service never sees the state of the one that failed.
 *
 * @example
 * ```ts
 * const counter: ServiceDefinition<{ seen: number }> = defineService({
 *   name: 'counter', displayName: 'CounterService',
 *   initialize: () => ({ seen: 0 }),
 *   subscribe: (state) => ({ NewCandleEvent: () => { state.seen++; } }),
 * });
 * ```
 */
export interface ServiceDefinition<State = unknown> {
  /** Service name: `data_fetching`, `indicator_calculation`, `strategy_evaluation`, `trade_execution`. */
  name: string;
  /** Name in logs, e.g. `DataFetchingService`. */
  displayName: string;
  /** Overrides `services.<name>.restart` from the configuration. */
  restart?: RestartType;
  /** Builds fresh state (may be async: connect, load, warm up). A throw fails the service. */
  initialize(context: ServiceContext): State | Promise<State>;
  /** The handlers to subscribe while RUNNING; unsubscribed when the service leaves RUNNING. */
  subscribe?(state: State, context: ServiceContext): ServiceHandlers;
  /** Releases resources (flush, close). A throw fails the service. */
  shutdown?(state: State, context: ServiceContext): void | Promise<void>;
  /** Own health probe, asked at each health check while RUNNING. */
  health?(state: State): ServiceHealth;
  /** Own metrics (e.g. `data_fetches`), merged with the base metrics. */
  metrics?(state: State): Record<string, number>;
  /** Work done once per trading-loop cycle (producers: fetch and publish). A throw fails the service. */
  onCycle?(state: State, context: ServiceContext): void | Promise<void>;
  /**
   * The work this service's handlers left for the end of the cycle (see `CycleWindow`), run by the trading
   * loop once the cycle's services have done their work, whatever this service's state. A failure of the
   * work for an event goes to `failed`, as that event's handler failing would (the service fails).
   */
  afterCycle?(
    state: State,
    context: ServiceContext,
    failed: (error: unknown, event: TradingEvent) => void,
  ): void | Promise<void>;
}

/**
 * Declares a service. It only checks and types the definition: the orchestrator (or `createServiceActor`)
 * turns it into an actor bound to a bus, a clock and a logger.
 *
 * @example
 * ```ts
 * export const closeWatcher = (indicators: IndicatorSpec[]) =>
 *   defineService({
 *     name: 'close_watcher',
 *     displayName: 'CloseWatcherService',
 *     initialize: () => ({ processor: new IndicatorProcessor(indicators), calculated: 0 }),
 *     subscribe: (state, context) => ({
 *       NewCandleEvent: (event) => {
 *         const values = state.processor.update(event.bar);
 *         state.calculated += 1;
 *         context.logger.debug({ values }, 'indicators updated');
 *       },
 *     }),
 *     metrics: (state) => ({ indicators_calculated: state.calculated }),
 *   });
 * ```
 */
export function defineService<State>(definition: ServiceDefinition<State>): ServiceDefinition<State> {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) {
    throw new ServiceDefinitionError(
      `service name "${definition.name}" must be snake_case (letters, digits, _)`,
    );
  }
  if (typeof definition.initialize !== 'function') {
    throw new ServiceDefinitionError(`service "${definition.name}" has no initialize()`);
  }
  return definition;
}

/**
 * Any service definition, whatever its state type (what the orchestrator takes).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const counter = defineService({ name: 'counter', displayName: 'CounterService', initialize: () => ({ seen: 0 }) });
 * const heartbeat = defineService({ name: 'heartbeat', displayName: 'HeartbeatService', initialize: () => ({}) });
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const logger = pino({ level: 'silent' });
 * const services: AnyServiceDefinition[] = [counter, heartbeat];
 * const orchestrator = new TradingOrchestrator({ bus, clock, logger, services });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: state types differ per service; hooks stay typed at definition
export type AnyServiceDefinition = ServiceDefinition<any>;
