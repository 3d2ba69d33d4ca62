import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { runsService } from '../actors/runsService.js';
import { NatsEventBus } from '../bus/nats/natsEventBus.js';
import type { CandleEventType } from '../bus/subscribeCandles.js';
import { type SystemConfig, serviceNames } from '../config/systemConfig.js';
import type { Broker } from '../execution/broker.js';
import type { TradeExecutor } from '../execution/tradeExecutor.js';
import type { IdGenerator } from '../util/idGenerator.js';
import type { SupervisionEvents } from './supervisionRecorder.js';

/** The services that publish or consume `NewCandleEvent` (the strategies work on indicators). */
const CANDLE_SERVICES: ReadonlySet<string> = new Set([
  'data_fetching',
  'indicator_calculation',
  'trade_execution',
]);

/**
 * The NATS side of a process that runs part of the pipeline (`event_bus.transport: nats`): which services
 * it runs, the durable consumer prefix that follows from them, and the bus, built so that the processes
 * together behave like one:
 * - in lockstep (`event_bus.nats.lockstep`, the default) the producer sends candles ahead and each process
 *   holds an input back until the processes it depends on report progress past it (`PipelineBarrier`), so
 *   the processes handle every bar in the order one process would; the closing `EndOfDataEvent` is sent
 *   only once everything before it has been handled in every process (see `lockstepTypesOf`);
 *   `lockstep: false` is for live feeds, where latency matters more than replaying exactly;
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
      lockstepTypes: CrossProcessTransport.lockstepTypesOf(services),
      ...(config.event_bus.nats.lockstep ? { pipeline: services } : {}),
    });
    return new CrossProcessTransport(bus, consumerName, services);
  }

  /**
   * The events a process holds back until the stream is quiescent (everything published so far handled in
   * every process): `EndOfDataEvent` (data_fetching), or the others would stop with work left. The order
   * of the bars in between is kept by the pipeline's barriers instead (see `PipelineBarrier`).
   */
  static lockstepTypesOf(services: readonly string[]): string[] {
    return services.includes('data_fetching') ? ['EndOfDataEvent'] : [];
  }

  /** The services a process runs: `orchestrator.services`, or every enabled one. */
  static servicesOf(config: SystemConfig): string[] {
    return serviceNames.filter((name) => runsService(config, name));
  }

  /** `tradestate_<services joined by ->`, or `tradestate_all` when a process runs every service. */
  static consumerNameOf(services: readonly string[]): string {
    return services.length === serviceNames.length ? 'tradestate_all' : `tradestate_${services.join('-')}`;
  }

  /**
   * The event this process counts candles by (`subscribeCandles`): the candles themselves, unless its
   * services consume none of them (the strategies alone work on their indicators, one per candle): a durable
   * consumer of every candle just to count them would be half of what that process receives and acknowledges.
   */
  get candleEvent(): CandleEventType {
    const consumesCandles = this.services.some((service) => CANDLE_SERVICES.has(service));
    return consumesCandles || !this.services.includes('strategy_evaluation')
      ? 'NewCandleEvent'
      : 'IndicatorsCalculatedEvent';
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

  /**
   * In lockstep, lets the strategy process evaluate the candles of a symbol without waiting for this one
   * (running `trade_execution`) while the executor holds no position and no working order in it: such a
   * candle can cause no order until a signal comes. Only the candles of a symbol with something to execute
   * then pay the round trip.
   */
  watchExecution(broker: Pick<Broker, 'getPositions'>, executor: Pick<TradeExecutor, 'workingOrders'>): void {
    this.bus.watchExecution(() => {
      const symbols = new Set<string>();
      for (const position of broker.getPositions()) symbols.add(position.symbol);
      for (const order of executor.workingOrders()) symbols.add(order.symbol);
      return [...symbols];
    });
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
