import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { runsService } from '../actors/runsService.js';
import { NatsEventBus } from '../bus/nats/natsEventBus.js';
import { type SystemConfig, serviceNames } from '../config/systemConfig.js';
import type { IdGenerator } from '../util/idGenerator.js';
import type { SupervisionEvents } from './supervisionRecorder.js';

/**
 * The NATS side of a process that runs part of the pipeline (`event_bus.transport: nats`): which services
 * it runs, the durable consumer prefix that follows from them, and the bus, built so that the processes
 * together behave like one:
 * - the process that runs `data_fetching` sends each `NewCandleEvent` (and the closing `EndOfDataEvent`),
 *   and the one that runs `indicator_calculation` each `IndicatorsCalculatedEvent`, in lockstep: only once
 *   everything published before it has been handled in every process (see `lockstepTypesOf`; unless
 *   `event_bus.nats.lockstep: false`, for live feeds where latency matters more than replaying exactly);
 * - every process rebuilds its state at start from what its durables had handled (a restart resumes);
 * - event ids carry the process and its incarnation, so no two processes (or runs) share one.
 *
 * @example
 * ```ts
 * const transport = await CrossProcessTransport.connect(config, logger);
 * const events = new EventFactory(clock, transport.eventIds(createIdGenerator(seed)));
 * // ...services subscribe to transport.bus...
 * await transport.startConsumers();
 * await transport.close();
 * ```
 */
export class CrossProcessTransport {
  private constructor(
    readonly bus: NatsEventBus,
    /** Prefix of this process's durables, e.g. `tradestate_strategy_evaluation`. */
    readonly consumerName: string,
    /** Services this process runs, in configuration order. */
    readonly services: readonly string[],
  ) {}

  /** Connects to NATS and prepares the bus (consumers start with `startConsumers`). */
  static async connect(config: SystemConfig, logger: Logger): Promise<CrossProcessTransport> {
    const services = CrossProcessTransport.servicesOf(config);
    const consumerName =
      config.event_bus.nats.consumer_name ?? CrossProcessTransport.consumerNameOf(services);
    const bus = await NatsEventBus.connect(config.event_bus, {
      consumerName,
      logger,
      deferConsumers: true,
      lockstepTypes: CrossProcessTransport.lockstepTypesOf(services, config.event_bus.nats.lockstep),
    });
    return new CrossProcessTransport(bus, consumerName, services);
  }

  /**
   * The events a process holds back until the stream is quiescent (everything published so far handled in
   * every process), which makes the processes together handle a bar in the order one process would:
   * - `NewCandleEvent` (data_fetching): a bar only after everything the previous one caused;
   * - `IndicatorsCalculatedEvent` (indicator_calculation): the strategies evaluate a bar's close only after
   *   the execution process has executed the bar (working orders filled at its open, stops and targets
   *   inside it) and the strategies have seen those orders, as in one process, where the executor sees the
   *   bar before the services do;
   * - `EndOfDataEvent` (data_fetching), always, or the others would stop with work left.
   * Without lockstep (`event_bus.nats.lockstep: false`) only the end of the run waits.
   */
  static lockstepTypesOf(services: readonly string[], lockstep: boolean): string[] {
    const types: string[] = [];
    if (lockstep && services.includes('data_fetching')) types.push('NewCandleEvent');
    if (lockstep && services.includes('indicator_calculation')) types.push('IndicatorsCalculatedEvent');
    if (services.includes('data_fetching')) types.push('EndOfDataEvent');
    return types;
  }

  /** The services a process runs: `orchestrator.services`, or every enabled one. */
  static servicesOf(config: SystemConfig): string[] {
    return serviceNames.filter((name) => runsService(config, name));
  }

  /** `tradestate_<services joined by ->`, or `tradestate_all` when a process runs every service. */
  static consumerNameOf(services: readonly string[]): string {
    return services.length === serviceNames.length ? 'tradestate_all' : `tradestate_${services.join('-')}`;
  }

  /** Whether this process runs the data producer (and so drives the pipeline and ends the run). */
  get producesData(): boolean {
    return this.services.includes('data_fetching');
  }

  /**
   * Event ids unique across processes and restarts (`<consumerName>.<incarnation>.<id>`): the stream
   * drops a repeated id as a duplicate, and two processes seeded alike would otherwise repeat each other's.
   */
  eventIds(ids: IdGenerator): IdGenerator {
    const prefix = `${this.consumerName}.${randomUUID().slice(0, 8)}.`;
    return { eventId: () => prefix + ids.eventId(), correlationId: () => ids.correlationId() };
  }

  /**
   * The events this process itself publishes, as they are published (no durable consumer, no NATS
   * permission needed): what a process records about itself, such as its supervision, must not mix in
   * the other processes' events.
   */
  get ownEvents(): SupervisionEvents {
    return { subscribe: (type, handler) => this.bus.observeOwn(type, handler) };
  }

  /** Rebuilds state from the stream, then consumes (call once every service has subscribed). */
  startConsumers(): Promise<{ replayed: number; resumed: number }> {
    return this.bus.startConsumers();
  }

  /** Resolves true once everything published so far has been handled everywhere; false if interrupted. */
  waitForQuiescence(): Promise<boolean> {
    return this.bus.waitForQuiescence();
  }

  /** A stop was asked for: end the lockstep waits at once (see `NatsEventBus.interrupt`). */
  interrupt(): void {
    this.bus.interrupt();
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
