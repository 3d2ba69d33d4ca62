import type { Logger } from 'pino';
import type { EventBusPort, SubscriptionId } from '../bus/busTypes.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { EventPayload, EventType, TradingEvent } from '../events/tradingEvents.js';
import { serviceLogger } from '../logging/serviceLogger.js';
import { type AnnounceParams, errorMessage, type LifecycleState } from '../machines/lifecycleMachine.js';
import type { Clock } from '../util/clock.js';
import type { CycleWindow } from './cycleWindow.js';
import type { AnyServiceDefinition, ServiceContext, ServiceHealth } from './defineService.js';
import { ServiceNotRunningError } from './serviceNotRunningError.js';

/** The window of a service outside any trading loop (a standalone service actor): never open. */
const closedCycleWindow: CycleWindow = Object.freeze({ open: false });

/**
 * What a service runtime is bound to.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const logger = pino({ level: 'silent' });
 * declare const definition: AnyServiceDefinition;
 * const deps: ServiceDeps = { bus, clock, logger, events: new EventFactory(clock, createIdGenerator(1)) };
 * const service = createServiceActor(definition, deps);
 * ```
 */
export interface ServiceDeps {
  bus: EventBusPort;
  clock: Clock;
  logger: Logger;
  events: EventFactory;
  /** Logging settings, for per-service levels (default: the root logger's level). */
  logging?: SystemConfig['logging'];
  /** The trading loop's cycle window (default: never open, for a service outside a loop). */
  cycle?: CycleWindow;
}

/**
 * The metrics every service has (the specification's "Metrics Collection").
 *
 * @example
 * ```ts
 * const metrics = system.getAllMetrics();
 * console.log(metrics); // per service: events_received, events_published, errors, ...
 * ```
 */
export interface BaseServiceMetrics {
  events_received: number;
  events_published: number;
  errors: number;
}

/**
 * A service's lifecycle as its actor shows it: the state and the error that failed it. Read from the
 * actor's snapshot (or, once the actor is gone, from its supervisor's context); the runtime keeps no copy.
 *
 * @example
 * ```ts
 * declare const runtime: ServiceRuntime;
 * const lifecycle: ServiceLifecycle = { state: 'FAILED', error: 'feed down' };
 * runtime.health(lifecycle); // { healthy: false, reason: 'state FAILED: feed down' }
 * ```
 */
export interface ServiceLifecycle {
  state: LifecycleState | 'NOT_STARTED';
  error: string | undefined;
}

/**
 * The data plane of one service: its current state (from `initialize`), its bus subscriptions, its
 * metrics, and the work its lifecycle actor invokes. The lifecycle machine decides *when*; this class
 * does the work. Handlers are called by the bus directly (no machine macrostep per event); a handler
 * failure is counted and reported to the lifecycle actor, which goes to FAILED.
 *
 * @example
 * ```ts
 * declare const runtime: ServiceRuntime; // one per service, built by the TradingOrchestrator
 * await runtime.initialize(new AbortController().signal);
 * const stopWorker = runtime.startWorker((event) => console.log(event.type)); // WORKER_FAILED on a crash
 * ```
 */
export class ServiceRuntime {
  readonly name: string;
  readonly context: ServiceContext;
  /** Cumulative across restarts. */
  readonly base: BaseServiceMetrics = { events_received: 0, events_published: 0, errors: 0 };
  // biome-ignore lint/suspicious/noExplicitAny: the definition's own state type
  private current: any;
  private hasState = false;
  /** An initialization still running (a STOP may arrive meanwhile). */
  private pendingInit: Promise<unknown> | undefined;
  private lastOwnMetrics: Record<string, number> = {};
  /**
   * The state the last worker was started with, and how it reports a failed handler: the work its handlers
   * left for the cycle's end is that state's, and reports through it, even if a restart began meanwhile.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the definition's own state type
  private workerState: any;
  private workerFailed: ((error: unknown, type: string) => void) | undefined;
  private readonly reportDeferredFailure = (error: unknown, event: TradingEvent): void => {
    this.workerFailed?.(error, event.type);
  };

  constructor(
    readonly definition: AnyServiceDefinition,
    readonly deps: ServiceDeps,
  ) {
    this.name = definition.name;
    const logger = deps.logging
      ? serviceLogger(deps.logger, definition.displayName, deps.logging)
      : deps.logger.child({ service: definition.displayName, logger: `services.${definition.displayName}` });
    // Read once: `deps` is the orchestrator's options spread into a new object, whose shape varies with
    // what each caller passed, and a property read on it in these per-event closures deoptimised them
    // ("wrong map") whenever a run with other options came along, as trials of an optimisation do.
    const { bus, events } = deps;
    const publish = (event: TradingEvent) => {
      this.base.events_published += 1;
      bus.publish(event);
    };
    this.context = {
      name: definition.name,
      displayName: definition.displayName,
      bus,
      clock: deps.clock,
      logger,
      events,
      publish,
      emit: <T extends EventType>(type: T, payload: EventPayload<T>, cause?: TradingEvent) => {
        const event = events.create(type, payload, cause);
        publish(event);
        return event;
      },
      cycle: deps.cycle ?? closedCycleWindow,
    };
  }

  get logger(): Logger {
    return this.context.logger;
  }

  /**
   * Builds fresh state (never reusing the previous one). `signal` is the one XState's `fromPromise` passes:
   * it fires when the initialization is abandoned (a timeout, a STOP), and a state that arrives after it is
   * not kept (a STOP's shutdown takes it over to close it).
   */
  async initialize(signal?: AbortSignal): Promise<void> {
    this.discardState();
    const pending = Promise.resolve(this.definition.initialize(this.context));
    this.pendingInit = pending;
    try {
      const state = await pending;
      if (signal?.aborted) return;
      this.current = state;
      this.hasState = true;
    } finally {
      if (this.pendingInit === pending) this.pendingInit = undefined;
    }
  }

  /**
   * Runs `shutdown` on the current state and forgets it. Stopped while initializing, it first waits for
   * that initialization (bounded by the shutdown timeout) so that what it opened is closed too.
   */
  async shutdown(): Promise<void> {
    const pending = this.pendingInit;
    if (pending && !this.hasState) {
      try {
        this.current = await pending;
        this.hasState = true;
      } catch {
        return; // the initialization failed: nothing to shut down
      }
    }
    if (!this.hasState) return;
    try {
      await this.definition.shutdown?.(this.current, this.context);
    } finally {
      this.discardState();
    }
  }

  /**
   * Subscribes the service's handlers; returns the cleanup that unsubscribes them. `report` receives
   * `WORKER_FAILED` once, on the first handler failure; later events are not handled.
   */
  startWorker(report: (event: { type: 'WORKER_FAILED'; error: unknown }) => void): () => void {
    const handlers = this.hasState ? (this.definition.subscribe?.(this.current, this.context) ?? {}) : {};
    let failed = false;
    const fail = (error: unknown, type: string) => {
      this.base.errors += 1;
      if (failed) return;
      failed = true;
      // The error line is the lifecycle's `RUNNING -> FAILED`; the stack only at DEBUG (a strategy that
      // throws on every bar must not fill the log with stack traces).
      if (this.logger.isLevelEnabled('debug'))
        this.logger.debug({ err: error, event_type: type }, `Handler for ${type} failed`);
      report({ type: 'WORKER_FAILED', error });
    };
    if (this.hasState) {
      this.workerState = this.current;
      this.workerFailed = fail;
    }
    const ids: SubscriptionId[] = [];
    for (const [type, handler] of Object.entries(handlers)) {
      if (typeof handler !== 'function') continue;
      const call = handler as (event: TradingEvent) => unknown;
      // The hot path: a counter, a call, a check. Failures are caught here so that the bus's own error
      // isolation cannot hide them: the service fails and its supervisor decides.
      const wrapped = (event: TradingEvent): Promise<void> | undefined => {
        if (failed) return undefined;
        this.base.events_received += 1;
        try {
          const result = call(event);
          // Returned so that `bus.drain()` waits for asynchronous work (orders sent to a broker).
          if (result instanceof Promise) return failOnRejection(result, fail, event.type);
        } catch (error) {
          fail(error, event.type);
        }
        return undefined;
      };
      ids.push(this.deps.bus.subscribe(type as EventType | '*', wrapped));
    }
    return () => {
      for (const id of ids) this.deps.bus.unsubscribe(id);
      ids.length = 0;
    };
  }

  /**
   * The per-cycle work (`onCycle`) of an initialized service (its caller checks that its actor is RUNNING).
   * Returns what the hook returns: nothing for a synchronous hook (a backtest then runs its cycle without a
   * promise), its promise otherwise. Throws what the hook throws.
   */
  cycle(): void | Promise<void> {
    if (!this.hasState) throw new ServiceNotRunningError(this.name, 'not initialized');
    return this.definition.onCycle?.(this.current, this.context);
  }

  /**
   * The work the last worker's handlers left for the end of the cycle (`afterCycle`), with its failures
   * reported as handler failures of that worker. Nothing before a worker started.
   */
  afterCycle(): void | Promise<void> {
    if (this.workerFailed === undefined || this.definition.afterCycle === undefined) return undefined;
    return this.definition.afterCycle(this.workerState, this.context, this.reportDeferredFailure);
  }

  get hasAfterCycle(): boolean {
    return typeof this.definition.afterCycle === 'function';
  }

  /** {@link cycle} as a promise (a synchronous throw becomes a rejection). */
  runCycle(): Promise<void> {
    try {
      return Promise.resolve(this.cycle());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get hasCycle(): boolean {
    return typeof this.definition.onCycle === 'function';
  }

  /** Healthy when RUNNING and the service's own probe (if any) passes. A throwing probe is unhealthy. */
  health(lifecycle: ServiceLifecycle): ServiceHealth {
    if (lifecycle.state !== 'RUNNING') {
      const cause = lifecycle.state === 'FAILED' && lifecycle.error ? `: ${lifecycle.error}` : '';
      return { healthy: false, reason: `state ${lifecycle.state}${cause}` };
    }
    if (!this.definition.health || !this.hasState) return { healthy: true };
    try {
      return this.definition.health(this.current);
    } catch (error) {
      return { healthy: false, reason: `health probe threw: ${errorMessage(error)}` };
    }
  }

  /** Base metrics merged with the service's own (the last known ones while it has no state). */
  getMetrics(restarts = 0): Record<string, number> {
    if (this.hasState && this.definition.metrics) {
      try {
        this.lastOwnMetrics = this.definition.metrics(this.current);
      } catch (error) {
        this.logger.warn({ err: error }, 'metrics() threw; reporting the last known values');
      }
    }
    return { ...this.lastOwnMetrics, ...this.base, restarts };
  }

  /** Logs a lifecycle transition and publishes `ServiceStateChangedEvent`. Never throws. */
  announce(params: AnnounceParams, error?: string): void {
    // Handler failures are counted where they are caught; count the others (init, shutdown, timeouts).
    if (params.to === 'FAILED' && params.reason !== 'handler failed') this.base.errors += 1;
    const reason = error && params.to === 'FAILED' ? `${params.reason}: ${error}` : params.reason;
    const log = params.to === 'FAILED' ? 'error' : 'info';
    this.logger[log](
      { from: params.from, to: params.to, reason },
      `${params.from} -> ${params.to} (${reason})`,
    );
    try {
      this.deps.bus.publish(
        this.deps.events.create('ServiceStateChangedEvent', {
          service: this.name,
          from: params.from,
          to: params.to,
          reason,
        }),
      );
    } catch (publishError) {
      this.logger.error({ err: publishError }, 'Could not publish ServiceStateChangedEvent');
    }
  }

  private discardState(): void {
    if (this.hasState && this.definition.metrics) {
      try {
        this.lastOwnMetrics = this.definition.metrics(this.current);
      } catch {
        // keep the previous values
      }
    }
    this.current = undefined;
    this.hasState = false;
  }
}

/**
 * `pending` reporting its rejection to `fail`. Its own function: a closure over the event made inside the
 * handler wrapper would give every call of the wrapper (several per bar) a context object to allocate,
 * although only an asynchronous handler needs one.
 */
function failOnRejection(
  pending: Promise<unknown>,
  fail: (error: unknown, type: string) => void,
  type: string,
): Promise<void> {
  return pending.then(undefined, (error: unknown) => fail(error, type));
}
