import type { Logger } from 'pino';
import { type Actor, createActor, waitFor } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import { subscribeCandles } from '../bus/subscribeCandles.js';
import type { SystemConfig } from '../config/systemConfig.js';
import { EventFactory } from '../events/eventFactory.js';
import type { LifecycleState } from '../machines/lifecycleMachine.js';
import type { RestartMark } from '../machines/supervisionPolicy.js';
import { type Clock, SystemClock } from '../util/clock.js';
import { createIdGenerator } from '../util/idGenerator.js';
import { CancellableSleep } from './cancellableSleep.js';
import { createOrchestratorLogic } from './createOrchestratorLogic.js';
import { CycleRunner } from './cycleRunner.js';
import type { ServiceHealth } from './defineService.js';
import {
  machineInputOf,
  type OrchestratorDeps,
  optionsFromConfig,
  type TradingOrchestratorOptions,
} from './orchestratorOptions.js';
import type { OrchestratorRunOptions } from './orchestratorRunOptions.js';
import { type OrchestratorStatus, orchestratorStatus } from './orchestratorStatus.js';
import { ServiceActorLookup } from './serviceActorLookup.js';
import { type ServiceLifecycle, ServiceRuntime } from './serviceRuntime.js';
import { ServiceStartError } from './serviceStartError.js';
import { UnknownServiceNameError } from './unknownServiceNameError.js';

export type { OrchestratorRunOptions } from './orchestratorRunOptions.js';
export type { OrchestratorStatus } from './orchestratorStatus.js';

/** Real time, for the pace of a replay at a chosen speed. */
const wallClock = new SystemClock();

/**
 * The specification's TradingOrchestrator: the supervisor actor (root of one XState actor system; every service is
 * its child, with systemId = service name) plus the trading loop and the monitoring API. Service states,
 * errors and restarts are read from the actors (the services' snapshots, the supervisor's context).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * declare const services: AnyServiceDefinition[];
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
  /** Market time. */
  readonly clock: Clock;
  /** Control time: what supervision's timeouts, backoff and windows are measured on. */
  readonly controlClock: Clock;
  readonly logger: Logger;
  /** Services in start order. */
  readonly serviceNames: readonly string[];
  private readonly runtimes = new Map<string, ServiceRuntime>();
  private readonly cycle: CycleRunner;
  /** Open while a cycle's services run synchronously (see `CycleWindow`); shared with every service. */
  private readonly cycleWindow = { open: false };
  private lastHealth: Record<string, ServiceHealth> = {};
  private startedAt: number | undefined;
  private fatalError: unknown;
  private bars = 0;
  private readonly countsBars: boolean;
  /** The wait between cycles, which `stop()` cuts short. */
  private readonly sleeper = new CancellableSleep();
  private lastYield = 0;
  /** Starts at 15: the first cycle reads the clock, so a run yields after its first cycle as before. */
  private cyclesSinceClockRead = 15;
  /**
   * The root snapshot the loop's checks were last made on, and their answers: snapshots are immutable, so
   * the state matching (which allocates) runs when supervision moved, not on every cycle.
   */
  private checkedSnapshot: unknown;
  private checkedRecovering = false;
  private checkedActive = false;
  private readonly serviceActors = new ServiceActorLookup();

  constructor(options: TradingOrchestratorOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.controlClock = options.controlClock ?? options.clock;
    this.logger = options.logger.child({
      service: 'TradingOrchestrator',
      logger: 'infrastructure.TradingOrchestrator',
    });
    const events = options.events ?? new EventFactory(options.clock, createIdGenerator());
    this.events = events;
    for (const definition of options.services) {
      this.runtimes.set(
        definition.name,
        new ServiceRuntime(definition, { ...options, events, cycle: this.cycleWindow }),
      );
    }
    const input = machineInputOf(options);
    this.serviceNames = input.order;
    this.cycle = new CycleRunner({
      events,
      bus: options.bus,
      runtimes: input.order
        .map((name) => this.runtimes.get(name))
        .filter((runtime): runtime is ServiceRuntime => runtime !== undefined),
      window: this.cycleWindow,
      running: (name) => this.serviceActors.running(this.actor, name),
      system: () => this.actor.system,
    });
    const barTimeframe = options.barTimeframe;
    this.countsBars = barTimeframe !== undefined;
    if (barTimeframe !== undefined) {
      // Subscribed before any service: the bar a service fails on is counted when the failure is stamped.
      subscribeCandles(this.bus, options.barEvent ?? 'NewCandleEvent', (_symbol, timeframe) => {
        if (timeframe === barTimeframe) this.bars++;
      });
    }
    const logic = createOrchestratorLogic({
      runtimes: this.runtimes,
      bus: options.bus,
      events,
      logger: this.logger,
      symbols: options.symbols ?? [],
      onHealth: (results) => {
        this.lastHealth = results;
      },
      mark: () => this.mark(),
      lifecycleOf: (name) => this.lifecycleOf(name),
    });
    this.actor = createActor(logic, {
      input,
      clock: this.controlClock,
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
    this.sleeper.cancel();
    if (this.actor.getSnapshot().status !== 'active') return;
    this.actor.start();
    this.logger.info('Stopping services');
    this.actor.send({ type: 'STOP' });
    await waitFor(this.actor, (s) => s.status !== 'active');
    this.logger.info('All services stopped');
  }

  /**
   * The trading loop, the only one: one cycle per interval until `maxCycles`, `until()`, `stop()` or the
   * end of supervision. While supervision is restarting a service the loop waits for it (no cycle runs
   * with a service down: a restart costs its backoff in wall time, not market data). Intervals are on the
   * market clock (a `SimulatedClock` is advanced by the interval; 0: as fast as possible), the pace in
   * real milliseconds. A cycle whose services and bus are synchronous runs without a promise. Returns the
   * number of cycles run.
   */
  async run(intervalSeconds: number, options: OrchestratorRunOptions = {}): Promise<number> {
    if (this.actor.getSnapshot().matches('IDLE')) await this.start();
    const interval = Math.max(0, intervalSeconds) * 1000;
    let ran = 0;
    for (;;) {
      this.checkLoopState();
      if (this.checkedRecovering) {
        await this.recovered();
        this.checkLoopState();
      }
      if (!this.checkedActive) break;
      if (options.maxCycles !== undefined && ran >= options.maxCycles) break;
      if (options.until?.()) break;
      const pending = this.cycle.run();
      if (pending !== undefined) await pending;
      ran += 1;
      const hurry = options.catchingUp?.() === true;
      const waiting = this.waitInterval(hurry ? 0 : interval, hurry ? 0 : (options.paceMilliseconds ?? 0));
      if (waiting !== undefined) await waiting;
    }
    return ran;
  }

  /**
   * One cycle in a fresh correlation scope: every RUNNING service with `onCycle` (in start order) does its
   * work, then the bus is drained. A failing `onCycle` fails that service (the supervisor decides).
   */
  async runCycle(): Promise<string> {
    let id = '';
    const pending = this.cycle.run((correlationId) => {
      id = correlationId;
    });
    if (pending !== undefined) await pending;
    return id;
  }

  /** Resolves when supervision has finished restarting (or gave up, or the orchestrator stopped). */
  recovered(): Promise<unknown> {
    return waitFor(this.actor, (s) => !s.hasTag('recovering') || s.status !== 'active', {});
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
    this.requireService(name);
    return this.lifecycleOf(name).state;
  }

  /**
   * A service's lifecycle state and last error, from its actor's snapshot; once the actor is gone (a
   * failed service that is not restarted), from how the supervisor recorded its end.
   */
  lifecycleOf(name: string): ServiceLifecycle {
    const child = this.actor.system.get(name);
    if (child !== undefined) {
      const snapshot = child.getSnapshot() as { value: unknown; context?: { error?: string } };
      return { state: snapshot.value as LifecycleState, error: snapshot.context?.error };
    }
    const ended = this.actor.getSnapshot().context.ended[name];
    if (ended === undefined) return { state: 'NOT_STARTED', error: undefined };
    return { state: ended.kind === 'failed' ? 'FAILED' : 'STOPPED', error: ended.error };
  }

  /** Health per service: healthy when RUNNING and its own probe passes. */
  getServiceHealth(): Record<string, ServiceHealth & { state: string }> {
    const health: Record<string, ServiceHealth & { state: string }> = {};
    for (const [name, runtime] of this.runtimes) {
      const lifecycle = this.lifecycleOf(name);
      health[name] = { ...runtime.health(lifecycle), state: lifecycle.state };
    }
    return health;
  }

  /** The verdicts of the last periodic health check (empty before the first). */
  getLastHealthCheck(): Record<string, ServiceHealth> {
    return { ...this.lastHealth };
  }

  getStatus(): OrchestratorStatus {
    return orchestratorStatus(this.actor.getSnapshot(), this.fatalError);
  }

  /** Metrics in the specification's shape: `orchestrator.*`, `services.<name>.*`, `event_bus.*`. */
  getAllMetrics() {
    const health = this.getServiceHealth();
    const { restartCounts } = this.actor.getSnapshot().context;
    const services: Record<string, Record<string, number | string>> = {};
    for (const [name, runtime] of this.runtimes)
      services[name] = { ...runtime.getMetrics(restartCounts[name] ?? 0), state: health[name]!.state };
    const restarts = Object.values(restartCounts).reduce((a, b) => a + b, 0);
    return {
      orchestrator: {
        status: this.getStatus(),
        uptime_seconds: this.startedAt === undefined ? 0 : (this.clock.now() - this.startedAt) / 1000,
        services_count: this.runtimes.size,
        services_healthy: Object.values(health).filter((entry) => entry.healthy).length,
        restarts_total: restarts,
        cycles: this.cycle.completed,
      },
      services,
      event_bus: this.bus.getMetrics(),
    };
  }

  /** Where the run stands: control time and market progress (base bars seen, or cycles run). */
  private mark(): RestartMark {
    return { at: this.controlClock.now(), bar: this.countsBars ? this.bars : this.cycle.completed };
  }

  /** Whether supervision is restarting a service, and whether the orchestrator runs (see checkedSnapshot). */
  private checkLoopState(): void {
    const snapshot = this.actor.getSnapshot();
    if (snapshot === this.checkedSnapshot) return;
    this.checkedSnapshot = snapshot;
    this.checkedRecovering = snapshot.hasTag('recovering');
    this.checkedActive = snapshot.status === 'active' && snapshot.matches('RUNNING');
  }

  private requireService(name: string): ServiceRuntime {
    const runtime = this.runtimes.get(name);
    if (!runtime) throw new UnknownServiceNameError(name, this.serviceNames);
    return runtime;
  }

  /**
   * Waits one interval on the market clock (a simulated clock is advanced instead of waited on), or the
   * pace in real time. Undefined when there is nothing to wait for.
   */
  private waitInterval(milliseconds: number, paceMilliseconds: number): Promise<void> | undefined {
    const simulated = this.clock as Clock & { increment?: (ms: number) => void };
    if (milliseconds > 0 && typeof simulated.increment === 'function') simulated.increment(milliseconds);
    else if (milliseconds > 0) return this.sleeper.sleep(this.clock, milliseconds);
    if (paceMilliseconds > 0) return this.sleeper.sleep(wallClock, paceMilliseconds);
    // Yield to the event loop now and then (signals, I/O, control-time timers) without a macrotask per cycle;
    // the wall clock is read every 16th cycle only (a backtest's cycle costs a few microseconds).
    if ((++this.cyclesSinceClockRead & 15) !== 0) return undefined;
    const now = performance.now();
    if (now - this.lastYield <= 10) return undefined;
    this.lastYield = now;
    return new Promise<void>((resolve) => setImmediate(resolve));
  }
}
