import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SystemConfig } from '../../config/systemConfig.js';
import type { EventType, TradingEvent } from '../../events/tradingEvents.js';
import type { EventBusPort, EventHandler, SubscriptionId } from '../busTypes.js';
import { CoalescedPublishes } from './coalescedPublishes.js';
import { connectNats, describeNatsError } from './connectNats.js';
import { ensureNatsStream } from './ensureNatsStream.js';
import { LockstepGate, lockstepOrder } from './lockstepGate.js';
import { logConnectionStatus } from './logConnectionStatus.js';
import { NatsBusActivity } from './natsBusActivity.js';
import { NatsCause } from './natsCause.js';
import { NatsConnectionError } from './natsConnectionError.js';
import { inboxPrefixOf } from './natsConnectionOptions.js';
import { NatsConsumer } from './natsConsumer.js';
import { type AnyHandler, NatsConsumerGroups } from './natsConsumerGroups.js';
import { NatsCredentialsError } from './natsCredentialsError.js';
import { createNatsCounters, type NatsEventBusMetrics } from './natsEventBusMetrics.js';
import type { NatsEventBusOptions } from './natsEventBusOptions.js';
import { NatsPublisher } from './natsPublisher.js';
import { NatsRunBoundary } from './natsRunBoundary.js';
import { replayHandledEvents } from './natsStateReplay.js';
import { NatsSubjects } from './natsSubjects.js';
import type { NatsSubscribeOptions } from './natsSubscribeOptions.js';
import { NatsWireFormat } from './natsWireFormat.js';
import { OwnMessages } from './ownMessages.js';
import { PipelineBarrier } from './pipelineBarrier.js';
import { RecentEventLog } from './recentEventLog.js';
import { removeUnusedDurables } from './removeUnusedDurables.js';
import { StreamPublishClient } from './streamPublishClient.js';
import { symbolOf } from './symbolOf.js';

export type { NatsEventBusOptions } from './natsEventBusOptions.js';
export type { NatsSubscribeOptions } from './natsSubscribeOptions.js';

/**
 * Types whose publish goes to the socket at once instead of at the end of the event-loop turn (see
 * `CoalescedPublishes`): an order is what candle→order latency measures, and the rest of the execution
 * process's turn held it 0.7 ms at the median, 7-15 ms at p90 (live bench). Orders are few: the extra write
 * and PING cost nothing measurable.
 */
const SENT_AT_ONCE: ReadonlySet<string> = new Set<EventType>(['OrderPlacedEvent']);

/**
 * `EventBusPort` over NATS JetStream, for running the services in separate processes. Every event is
 * published to the stream (`<prefix>.<EventType>.<symbol>`) and every subscription is a durable consumer
 * named `<consumerName>_<EventType>`, so a process receives its own events too, in JetStream's order, and
 * a restarted process resumes where it left off. Delivery is at-least-once with explicit acks; duplicates
 * are dropped by `eventId` on publish (stream duplicate window) and on receipt (recent-id set).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const bus = await NatsEventBus.connect(config.event_bus, { consumerName: 'strategy', logger });
 * const events = new EventFactory(new SystemClock(), createIdGenerator());
 * bus.subscribe('IndicatorsCalculatedEvent', (rows) => {
 *   const last = rows.recent_rows.at(-1);
 *   if (last?.regime !== 'trending_up') return;
 *   const entry = { symbol: rows.symbol, strategy_name: 'trend', direction: 'long' as const, timeframe: rows.timeframe, candle_time: last.time, price: last.close };
 *   bus.publish(events.create('EntrySignalEvent', entry, rows)); // returns at once; acked in the background
 * });
 * await bus.close(); // waits for pending acknowledgements, then disconnects
 * ```
 */
export class NatsEventBus implements EventBusPort {
  private readonly counters = createNatsCounters();
  private readonly publisher: NatsPublisher;
  private readonly streamPublish: StreamPublishClient;
  /** Every event and progress note this process publishes, written once per event-loop turn. */
  private readonly outbound: CoalescedPublishes;
  private readonly history: RecentEventLog;
  private readonly groups: NatsConsumerGroups;
  private readonly activity: NatsBusActivity;
  private closed = false;
  private consuming: boolean;
  /** Handlers are being run again to rebuild state: what they publish is dropped. */
  private replaying = false;
  private readonly lockstep: LockstepGate;
  private readonly barrier: PipelineBarrier;
  /** Pipelined: the highest stream sequence handled per consumed type (see `PipelineBarrier`). */
  private readonly handledThrough = new Map<string, number>();
  /** The producer in the pipelined lockstep: what the next `drain()` waits for (see `drain`). */
  private previousCycle: Promise<void> = Promise.resolve();
  /** Types some consumer of this process receives (`'*'` for all): their published bytes are remembered. */
  private readonly consumedTypes = new Set<string>();
  /** What this process published of the types it consumes, until it receives it back (see `OwnMessages`). */
  private readonly own = new OwnMessages(1_024);
  /** `close()` was called: its `drain()` waits for every acknowledgement. */
  private closing = false;

  /**
   * Connects, creates or updates the stream, and returns the bus.
   * @throws NatsConnectionError when no server answers or JetStream is not enabled.
   */
  static async connect(
    config: SystemConfig['event_bus'],
    options: NatsEventBusOptions,
  ): Promise<NatsEventBus> {
    const { servers } = config.nats;
    const connection = await connectNats(config.nats, {
      name: options.consumerName,
      timeoutMs: options.connectTimeoutMs ?? 5_000,
    });
    try {
      const jsm = await jetstreamManager(connection);
      await ensureNatsStream(jsm, config.nats);
      return new NatsEventBus(connection, jsm, config, options);
    } catch (error) {
      await connection.close();
      const described = describeNatsError(servers, error, 'use JetStream');
      if (described instanceof NatsCredentialsError) throw described;
      throw new NatsConnectionError(servers, `JetStream unavailable (${(error as Error).message})`, {
        cause: error,
      });
    }
  }

  private constructor(
    /** The underlying connection, for tools and tests that need raw NATS access. */
    readonly connection: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly config: SystemConfig['event_bus'],
    private readonly options: NatsEventBusOptions,
  ) {
    this.history = new RecentEventLog(config.history_size);
    this.groups = new NatsConsumerGroups(options.logger);
    this.activity = new NatsBusActivity(options.logger);
    this.consuming = !options.deferConsumers;
    this.lockstep = new LockstepGate(options.lockstepTypes ?? [], {
      jsm,
      stream: config.nats.stream,
      connection,
      flushed: () => this.publisher.flushed(),
      finished: () => this.barrier.finished(),
      counters: this.counters,
      logger: options.logger,
    });
    // Held to the end of the turn also for live feeds: what one socket read brought (both symbols' candles)
    // then leaves in one write; the wait is the rest of the turn (no timer), a fraction of a wake-up.
    this.outbound = new CoalescedPublishes(connection);
    this.barrier = new PipelineBarrier(options.pipeline ?? [], {
      connection,
      outbound: this.outbound,
      prefix: config.nats.subject_prefix,
      logger: options.logger,
      handledThrough: (type) => this.handledThrough.get(type),
    });
    this.barrier.start();
    this.streamPublish = new StreamPublishClient(
      connection,
      inboxPrefixOf(config.nats),
      5_000,
      this.outbound,
    );
    this.publisher = new NatsPublisher(this.streamPublish, this.counters, options.logger, {
      maxQueueSize: config.max_queue_size,
      overflowPolicy: config.overflow_policy,
      maxInFlight: options.maxInFlight ?? 256,
      maxAttempts: options.publishAttempts ?? 3,
      retryDelayMs: 200,
      onStored: (message, seq) => this.barrier.stored(message.eventType, message.cause, seq, message.eventId),
      onLost: (message) => this.barrier.lost(message.eventId),
    });
    void logConnectionStatus(connection, options.logger);
  }

  subscribe<T extends EventType | '*'>(
    type: T,
    handler: EventHandler<T>,
    options: NatsSubscribeOptions = {},
  ): SubscriptionId {
    if (this.closed) throw new Error('NatsEventBus is closed');
    const { stream, subject_prefix: prefix } = this.config.nats;
    const durableName = NatsSubjects.durableName(this.options.consumerName, type, options.symbol);
    let group = this.groups.get(durableName);
    if (group === undefined) {
      const handlers = new Map<SubscriptionId, AnyHandler>();
      const filterSubject = NatsSubjects.filter(prefix, type, options.symbol);
      const consumer = new NatsConsumer(
        this.jsm.jetstream(),
        this.jsm,
        {
          stream,
          prefix,
          durableName,
          filterSubject,
          type,
          maxDeliver: this.config.nats.max_deliver,
          nakDelayMs: this.config.nats.nak_delay_ms,
          ackWaitMs: this.config.nats.ack_wait_seconds * 1000,
          seenSetSize: this.options.seenSetSize ?? 10_000,
          pipelined: this.barrier.active,
        },
        {
          handlers: () => handlers.entries(),
          received: (event) => this.history.record(event),
          own: (eventId, data) => this.own.take(eventId, data),
          delivered: () => this.activity.delivered(),
          handlerFailed: (event, error) => this.activity.handlerFailed(event, error),
          // Nothing on its way to the stream (a message whose handlers published nothing): acked at once.
          beforeAck: () => (this.publisher.settled ? undefined : this.publisher.flushed()),
          acknowledge: (reply: string) => this.outbound.acknowledge(reply),
          before: (event, cause) => this.barrier.before(event.type, cause, symbolOf(event)),
          handled: (seq, event, cause) => {
            if ((this.handledThrough.get(type) ?? 0) < seq) this.handledThrough.set(type, seq);
            this.barrier.handled(event?.type, cause, event?.eventId);
          },
        },
        this.counters,
        this.options.logger,
      );
      if (this.barrier.active && !this.handledThrough.has(type)) this.handledThrough.set(type, 0);
      this.consumedTypes.add(type);
      group = { consumer, handlers, filterSubject, started: undefined };
      if (this.consuming) this.groups.start(durableName, group);
      this.groups.add(durableName, group);
    }
    return this.groups.handle(durableName, group, handler as AnyHandler);
  }

  /**
   * With `deferConsumers`: rebuilds this process's state from what its durables had handled of the current
   * run (`replayHandledEvents`; a run ends with an `EndOfDataEvent`, see `NatsRunBoundary`), then starts
   * consuming; durables left behind in earlier runs start at the current one. Idempotent; a no-op without `deferConsumers`.
   */
  async startConsumers(): Promise<{ replayed: number; resumed: number }> {
    if (this.consuming) return { replayed: 0, resumed: 0 };
    this.consuming = true;
    const targets = this.groups.replayTargets((on) => {
      this.replaying = on;
    });
    const { stream, subject_prefix: prefix } = this.config.nats;
    await removeUnusedDurables(
      this.jsm,
      stream,
      this.options.consumerName,
      (durable) => this.groups.get(durable) !== undefined,
      this.options.logger,
    );
    const js = this.jsm.jetstream();
    const runStartsAfter = await NatsRunBoundary.lastEndOfData(js, this.jsm, stream, prefix);
    const outcome = await replayHandledEvents(
      js,
      this.jsm,
      { stream, prefix, runStartsAfter, targets, pipelined: this.barrier.active },
      this.counters,
      this.options.logger,
    );
    for (const [durableName, group] of this.groups.entries())
      this.groups.start(durableName, group, runStartsAfter);
    await this.ready();
    return outcome;
  }

  /**
   * Resolves true when every event published so far, by any process, and all it caused has been handled;
   * false when `interrupt()` ended the wait first.
   */
  waitForQuiescence(): Promise<boolean> {
    return this.lockstep.waitForQuiescence();
  }

  /**
   * A stop was asked for: lockstep waits end at once and the events still waiting for them are not sent
   * (counted in `lockstep_dropped`), so a producer waiting for a process that is down stops promptly.
   */
  interrupt(): void {
    this.lockstep.interrupt();
    this.barrier.close();
  }

  /**
   * Pipelined: `holding()` names the symbols in which this process's executor holds a position or a working
   * order, so the strategies may run ahead of it on the others (see `PipelineBarrier.watchExecution`).
   */
  watchExecution(holding: () => string[]): void {
    this.barrier.watchExecution(holding);
  }

  /** Removes the handler; the last handler of a consumer stops it (its durable stays on the server). */
  unsubscribe(id: SubscriptionId): boolean {
    return this.groups.remove(id);
  }

  /** Queues the event for JetStream and returns; `drain()` waits for the acknowledgement. */
  publish(event: TradingEvent): void {
    if (this.closed) {
      this.counters.publish_errors++;
      this.options.logger.warn(
        { eventId: event.eventId, type: event.type },
        'publish on a closed NatsEventBus',
      );
      return;
    }
    // The candle it descends from travels on (the barriers order by it, tools measure latency by it); a
    // candle starts a chain of its own, even when published from inside a handler.
    const current = event.type === 'NewCandleEvent' ? undefined : NatsCause.current();
    const cause = current === undefined ? undefined : NatsCause.next(current);
    // A replay publishes nothing, but the barrier learns what was signalled before the restart.
    this.barrier.published(event.type, cause, symbolOf(event));
    if (this.replaying) return;
    this.barrier.sending(event.type, cause, event.eventId);
    const message = {
      subject: NatsSubjects.forEvent(this.config.nats.subject_prefix, event),
      data: NatsWireFormat.encode(event),
      eventId: event.eventId,
      eventType: event.type,
      correlationId: event.correlationId,
      attempts: 0,
      ...(cause === undefined ? {} : { cause }),
    };
    if (this.consumedTypes.has(event.type) || this.consumedTypes.has('*'))
      this.own.remember(event.eventId, message.data);
    if (this.lockstep.holds(event.type)) {
      this.lockstep.send(() => this.publisher.enqueue(message), lockstepOrder(event));
    } else {
      this.publisher.enqueue(message);
      // An order leaves now, with what the turn held before it (in order), not after the rest of the turn.
      if (SENT_AT_ONCE.has(event.type)) {
        this.outbound.flush();
        // Written to the socket now, not in a later microtask behind the rest of the socket read's messages.
        this.connection.flush().catch(() => undefined);
      }
    }
    this.history.record(event);
    this.activity.published(event);
  }

  /**
   * Runs `handler` for every event of `type` this process publishes, as it is published, without a
   * durable consumer: nothing from other processes arrives, and the process's NATS user needs no
   * permission to consume the type. For what a process observes of itself, such as its own supervision.
   * Returns the way to stop.
   */
  observeOwn<T extends EventType>(type: T, handler: EventHandler<T>): () => void {
    return this.activity.observeOwn(type, handler);
  }

  /** Resolves when every subscription's consumer is bound; rejects if one could not be created. */
  async ready(): Promise<void> {
    await this.groups.ready();
  }

  /**
   * Resolves when every published event is acknowledged by JetStream (or counted in `publish_errors`)
   * and every consumer is bound. Events on their way to this process's consumers are not awaited.
   * The producer in the pipelined lockstep (one `drain()` per cycle) waits instead for room in the window
   * and for the events published before its previous `drain()`: a cycle's candles are acknowledged while
   * the next cycle runs, rather than each cycle paying a round trip to the server; `close()` waits for all.
   */
  async drain(): Promise<void> {
    await this.lockstep.idle();
    await this.barrier.room();
    if (this.barrier.producing && !this.closing) {
      const previous = this.previousCycle;
      this.previousCycle = this.publisher.flushed();
      await Promise.all([previous, this.ready(), ...this.groups.stopping]);
      return;
    }
    await Promise.all([this.publisher.idle(), this.ready(), ...this.groups.stopping]);
  }

  getMetrics(): NatsEventBusMetrics {
    const { consumers, handlers } = this.groups.counts();
    return {
      ...this.counters,
      ...this.activity.metrics(),
      transport: 'nats',
      mode: 'async',
      event_types_subscribed: consumers,
      subscriptions: handlers,
      queue_depth: this.publisher.depth,
      queue_high_water: this.publisher.queueHighWater,
      events_dropped: this.publisher.eventsDropped,
    };
  }

  /** Events this process published or received, oldest first, each once. */
  getHistory(filter?: { type?: EventType; correlationId?: string; limit?: number }): TradingEvent[] {
    return this.history.query(filter);
  }

  /** Waits for pending acknowledgements, stops the consumers (durables stay) and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await this.drain().catch(() => undefined);
    this.closed = true;
    this.streamPublish.close();
    this.lockstep.close();
    this.barrier.close();
    this.outbound.flush();
    await this.groups.stopAll();
    // The acks of the consumers' last messages, held for the end of the turn.
    this.outbound.flush();
    await this.connection.drain().catch(() => this.connection.close());
  }
}
