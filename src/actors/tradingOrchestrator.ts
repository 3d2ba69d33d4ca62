import type { Logger } from 'pino';
import { type Actor, createActor, waitFor } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import type { SystemConfig } from '../config/systemConfig.js';
import { EventFactory } from '../events/eventFactory.js';
import { CorrelationContext } from '../logging/correlationContext.js';
import type { Clock } from '../util/clock.js';
import { createIdGenerator } from '../util/idGenerator.js';
import { createOrchestratorLogic } from './createOrchestratorLogic.js';
import type { ServiceHealth } from './defineService.js';
import {
  machineInputOf,
  type OrchestratorDeps,
  optionsFromConfig,
  type TradingOrchestratorOptions,
} from './orchestratorOptions.js';
import { ServiceRuntime } from './serviceRuntime.js';

/**
 * The orchestrator's overall state, as `getStatus()` and `/status` report it.
 *
 * @example
 * ```ts
 * if (system.orchestrator.getStatus().status === 'degraded') console.warn('a service is restarting');
 * ```
 */
export type OrchestratorStatus =
  | 'idle'
  | 'starting'
  | 'running'
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'failed';

/**
 * A service failed to start: the orchestrator stopped the ones already started.
 *
 * @example
 * ```ts
 * try { await system.start(); } catch (error) {
 *   if (error instanceof ServiceStartError) console.error(error.message); // names the service and why
 * }
 * ```
 */
export class ServiceStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceStartError';
  }
}

/** `restartService` / `getServiceState` named a service this orchestrator does not run. */
export class UnknownServiceNameError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown service "${name}" (running: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownServiceNameError';
  }
}

/**
 * Options of the trading loop.
 *
 * @example
 * ```ts
 * await orchestrator.run(0, { maxCycles: 100 }); // exported as OrchestratorRunOptions
 * ```
 */
export interface RunOptions {
  /** Stop after this many cycles. */
  maxCycles?: number;
  /** Checked before each cycle: stop when it returns true. */
  until?: () => boolean;
}

/**
 * The specification's TradingOrchestrator: the supervisor actor (root of one XState actor system; every service is
 * its child, with systemId = service name) plus the trading loop and the monitoring API.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const logger = pino({ level: 'silent' });
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services });
 * await orchestrator.start();              // trade_execution ... data_fetching, each RUNNING in turn
 * await orchestrator.run(5, { maxCycles: 100 });
 * console.log(orchestrator.getAllMetrics().services.data_fetching);
 * await orchestrator.stop();               // data_fetching first, bus drained between services
 * ```
 */
export class TradingOrchestrator {
  /** The root actor (systemId `orchestrator`). */
  private readonly events: EventFactory;
  readonly actor: Actor<ReturnType<typeof createOrchestratorLogic>>;
  readonly bus: EventBusPort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Services in start order. */
  readonly serviceNames: readonly string[];
  private readonly runtimes = new Map<string, ServiceRuntime>();
  private lastHealth: Record<string, ServiceHealth> = {};
  private startedAt: number | undefined;
  private fatalError: unknown;
  private cycles = 0;
  private wake: (() => void) | undefined;
  private lastYield = 0;

  constructor(options: TradingOrchestratorOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.logger = options.logger.child({
      service: 'TradingOrchestrator',
      logger: 'infrastructure.TradingOrchestrator',
    });
    const events = options.events ?? new EventFactory(options.clock, createIdGenerator());
    this.events = events;
    for (const definition of options.services) {
      this.runtimes.set(definition.name, new ServiceRuntime(definition, { ...options, events }));
    }
    const input = machineInputOf(options);
    this.serviceNames = input.order;
    const logic = createOrchestratorLogic({
      runtimes: this.runtimes,
      bus: options.bus,
      events,
      logger: this.logger,
      symbols: options.symbols ?? [],
      onHealth: (results) => {
        this.lastHealth = results;
      },
    });
    this.actor = createActor(logic, {
      input,
      clock: options.clock,
      systemId: 'orchestrator',
      ...(options.inspect ? { inspect: options.inspect } : {}),
    });
    // The root's error observer: without it an actor error would crash the Node process.
    this.actor.subscribe({
      error: (error) => {
        this.fatalError = error;
        this.logger.fatal({ err: error }, 'Orchestrator actor failed');
      },
    });
  }

  /** Builds an orchestrator from the configuration: enabled services only, supervision from YAML. */
  static fromConfig(config: SystemConfig, deps: OrchestratorDeps): TradingOrchestrator {
    return new TradingOrchestrator(optionsFromConfig(config, deps));
  }

  /** Starts every service in start order; rejects with `ServiceStartError` if one fails to start. */
  async start(): Promise<void> {
    if (this.actor.getSnapshot().status === 'active' && !this.actor.getSnapshot().matches('IDLE')) return;
    this.actor.start();
    this.startedAt = this.clock.now();
    this.logger.info({ services: this.serviceNames }, 'Starting services');
    this.actor.send({ type: 'START' });
    const snapshot = await waitFor(this.actor, (s) => s.matches('RUNNING') || s.status !== 'active', {});
    if (!snapshot.matches('RUNNING')) {
      await waitFor(this.actor, (s) => s.status !== 'active');
      throw new ServiceStartError(snapshot.context.error ?? 'orchestrator did not reach RUNNING');
    }
    this.logger.info('All services running');
  }

  /** Stops every service, producers first, draining the bus between them. Idempotent. */
  async stop(): Promise<void> {
    this.wake?.();
    if (this.actor.getSnapshot().status !== 'active') return;
    this.actor.start();
    this.logger.info('Stopping services');
    this.actor.send({ type: 'STOP' });
    await waitFor(this.actor, (s) => s.status !== 'active');
    this.logger.info('All services stopped');
  }

  /**
   * The trading loop: one `runCycle()` per interval, each in a new correlation scope, until `maxCycles`,
   * `until()` or `stop()`. Waits on the injected clock: a `SimulatedClock` is advanced by the interval
   * (interval 0: as fast as possible). Returns the number of cycles run.
   */
  async run(intervalSeconds: number, options: RunOptions = {}): Promise<number> {
    if (this.actor.getSnapshot().matches('IDLE')) await this.start();
    let ran = 0;
    while (this.isActive()) {
      if (options.maxCycles !== undefined && ran >= options.maxCycles) break;
      if (options.until?.()) break;
      await this.runCycle();
      ran += 1;
      await this.waitInterval(Math.max(0, intervalSeconds) * 1000);
    }
    return ran;
  }

  /**
   * One cycle in a fresh correlation scope: every RUNNING service with `onCycle` (in start order) does its
   * work, then the bus is drained. A failing `onCycle` fails that service (the supervisor decides).
   */
  async runCycle(): Promise<string> {
    // Ids from the event factory's generator: seeded runs log the same correlation ids every time.
    return CorrelationContext.run(async (correlationId) => {
      for (const name of this.serviceNames) {
        const runtime = this.runtimes.get(name);
        if (!runtime?.hasCycle || runtime.state !== 'RUNNING') continue;
        try {
          await runtime.runCycle();
        } catch (error) {
          runtime.base.errors += 1;
          runtime.logger.error({ err: error }, `Cycle of ${name} failed`);
          this.actor.system.get(name)?.send({ type: 'WORKER_FAILED', error });
        }
      }
      await this.bus.drain();
      this.cycles += 1;
      return correlationId;
    }, this.events.ids.correlationId());
  }

  /** Asks the supervisor to restart one service with fresh state; resolves when it is RUNNING again. */
  async restartService(name: string): Promise<void> {
    this.requireService(name);
    this.actor.send({ type: 'RESTART_SERVICE', service: name });
    await waitFor(
      this.actor,
      (s) =>
        s.status !== 'active' ||
        !s.matches('RUNNING') ||
        (s.matches({ RUNNING: { supervision: 'SUPERVISING' } }) && s.context.live[name] === 'running'),
    );
  }

  /** The lifecycle state of a service (`NOT_STARTED` before its first initialization). */
  getServiceState(name: string): string {
    return this.requireService(name).state;
  }

  /** Health per service: healthy when RUNNING and its own probe passes. */
  getServiceHealth(): Record<string, ServiceHealth & { state: string }> {
    const health: Record<string, ServiceHealth & { state: string }> = {};
    for (const [name, runtime] of this.runtimes) health[name] = { ...runtime.health(), state: runtime.state };
    return health;
  }

  /** The verdicts of the last periodic health check (empty before the first). */
  getLastHealthCheck(): Record<string, ServiceHealth> {
    return { ...this.lastHealth };
  }

  getStatus(): OrchestratorStatus {
    const snapshot = this.actor.getSnapshot();
    if (this.fatalError !== undefined || snapshot.status === 'error') return 'failed';
    if (snapshot.matches('IDLE')) return 'idle';
    if (snapshot.matches('STARTING')) return 'starting';
    if (snapshot.matches({ RUNNING: { supervision: 'DEGRADED' } })) return 'degraded';
    if (snapshot.matches('RUNNING')) return 'running';
    if (snapshot.matches('STOPPING')) return 'stopping';
    return this.startedAt !== undefined && this.wasStartFailure() ? 'failed' : 'stopped';
  }

  /** Metrics in the specification's shape: `orchestrator.*`, `services.<name>.*`, `event_bus.*`. */
  getAllMetrics() {
    const health = this.getServiceHealth();
    const services: Record<string, Record<string, number | string>> = {};
    for (const [name, runtime] of this.runtimes)
      services[name] = { ...runtime.getMetrics(), state: runtime.state };
    const restarts = Object.values(this.actor.getSnapshot().context.restartCounts).reduce((a, b) => a + b, 0);
    return {
      orchestrator: {
        status: this.getStatus(),
        uptime_seconds: this.startedAt === undefined ? 0 : (this.clock.now() - this.startedAt) / 1000,
        services_count: this.runtimes.size,
        services_healthy: Object.values(health).filter((entry) => entry.healthy).length,
        restarts_total: restarts,
        cycles: this.cycles,
      },
      services,
      event_bus: this.bus.getMetrics(),
    };
  }

  private isActive(): boolean {
    const snapshot = this.actor.getSnapshot();
    return snapshot.status === 'active' && snapshot.matches('RUNNING');
  }

  private wasStartFailure(): boolean {
    const error = this.actor.getSnapshot().context.error;
    return error?.includes('failed to start') ?? false;
  }

  private requireService(name: string): ServiceRuntime {
    const runtime = this.runtimes.get(name);
    if (!runtime) throw new UnknownServiceNameError(name, this.serviceNames);
    return runtime;
  }

  /** Waits one interval on the clock; a simulated clock is advanced instead of waited on. */
  private async waitInterval(milliseconds: number): Promise<void> {
    const simulated = this.clock as Clock & { increment?: (ms: number) => void };
    if (milliseconds > 0 && typeof simulated.increment === 'function') simulated.increment(milliseconds);
    else if (milliseconds > 0) {
      await new Promise<void>((resolve) => {
        const handle = this.clock.setTimeout(() => resolve(), milliseconds);
        this.wake = () => {
          this.clock.clearTimeout(handle);
          resolve();
        };
      });
      this.wake = undefined;
      return;
    }
    // Yield to the event loop now and then (signals, I/O) without paying a macrotask every cycle.
    const now = performance.now();
    if (now - this.lastYield > 10) {
      this.lastYield = now;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
