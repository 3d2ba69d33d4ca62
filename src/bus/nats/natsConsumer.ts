import { setTimeout as sleep } from 'node:timers/promises';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { EventType, TradingEvent } from '../../events/tradingEvents.js';
import { CorrelationContext } from '../../logging/correlationContext.js';
import { type Cause, NatsCause } from './natsCause.js';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';
import { NatsSubjects } from './natsSubjects.js';
import { NatsWireFormat } from './natsWireFormat.js';
import { publishDeadLetter } from './publishDeadLetter.js';
import { RecentIdSet } from './recentIdSet.js';
import { MESSAGE_ID_HEADER } from './streamPublishClient.js';

/** JetStream's error code for "consumer not found". */
const CONSUMER_NOT_FOUND = 10014;
/** Pauses before pulling again after the client ended a pull with an error: growing, then capped. */
const RESUME_FIRST_MS = 200;
const RESUME_MAX_MS = 5_000;

export interface NatsConsumerSettings {
  stream: string;
  prefix: string;
  durableName: string;
  filterSubject: string;
  /** The type this consumer serves, `'*'` for all. */
  type: EventType | '*';
  maxDeliver: number;
  nakDelayMs: number;
  ackWaitMs: number;
  seenSetSize: number;
  /**
   * The pipelined lockstep (see `PipelineBarrier`): each message waits at the barrier, and a durable
   * that a previous incarnation left with unacknowledged messages is created again at its ack floor, so
   * they come again at once and in order (through the barrier) instead of after `ack_wait`.
   */
  pipelined?: boolean;
}

/** What the consumer reports back to its bus for every handler outcome. */
export interface NatsConsumerHooks {
  handlers(): Iterable<[string, (event: TradingEvent) => void | Promise<void>]>;
  delivered(event: TradingEvent): void;
  received(event: TradingEvent): void;
  handlerFailed(event: TradingEvent, error: Error): void;
  /**
   * Whether the message with this `Nats-Msg-Id` carries exactly the bytes this process published under it
   * (see `OwnMessages`): such a message skips the schema check.
   */
  own?(eventId: string | undefined, data: Uint8Array): boolean;
  /**
   * Sends an acknowledgement (`+ACK`) to `reply` instead of the client doing it at once: written with the
   * turn's other publishes (see `CoalescedPublishes`).
   */
  acknowledge?(reply: string): void;
  /**
   * Awaited before a handled message is acked: the events its handlers published are stored by then;
   * undefined when nothing is waiting to be stored (the ack then goes without a promise).
   */
  beforeAck?(): Promise<void> | undefined;
  /** Pipelined: resolves when the message may be handled (false: never, leave it unacknowledged). */
  before?(event: TradingEvent, cause: Cause): Promise<boolean> | undefined;
  /**
   * Pipelined: the message at stream sequence `seq` is handled (or was, by a previous incarnation);
   * `event` and `cause` when its handlers have just run.
   */
  handled?(seq: number, event?: TradingEvent, cause?: Cause): void;
}

/**
 * One durable JetStream pull consumer and its receive loop: validates each message, skips `eventId`s it
 * handled recently, runs the handlers inside the event's correlation scope, acks after they all succeed,
 * naks with a delay when one fails (handlers that already succeeded are not run again in this process),
 * and sends messages it cannot use, or that kept failing until `maxDeliver`, to `<prefix>.deadletter.*`.
 *
 * @example
 * ```ts
 * const consumer = new NatsConsumer(js, jsm, settings, hooks, counters, logger);
 * await consumer.start();
 * await consumer.stop(); // the durable stays on the server: a restart resumes from its ack floor
 * ```
 */
export class NatsConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly seen: RecentIdSet;
  /** Handlers that already succeeded for an event being redelivered, bounded like `seen`. */
  private readonly partial = new Map<string, Set<string>>();
  private stopped = false;
  private starting: Promise<void> | undefined;
  /** Acks waiting for the outputs of their message to be stored; `stop()` lets them finish. */
  private readonly pendingAcks = new Set<Promise<void>>();
  /** Ends a pause before pulling again at once (`stop()`). */
  private readonly stopping = new AbortController();

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly settings: NatsConsumerSettings,
    private readonly hooks: NatsConsumerHooks,
    private readonly counters: NatsTransportCounters,
    private readonly logger: Logger,
  ) {
    this.seen = new RecentIdSet(settings.seenSetSize);
  }

  /**
   * Creates or updates the durable, then starts consuming. With `runStartsAfter` (the stream sequence of
   * the last `EndOfDataEvent`), a new durable starts after it, and one left behind in an earlier run
   * (nothing delivered since) is created again there: earlier runs are over.
   */
  start(runStartsAfter = 0): Promise<void> {
    this.starting ??= this.bind(runStartsAfter);
    return this.starting;
  }

  private async bind(runStartsAfter: number): Promise<void> {
    const { stream, durableName } = this.settings;
    const config: Partial<ConsumerConfig> = {
      durable_name: durableName,
      filter_subject: this.settings.filterSubject,
      ack_policy: AckPolicy.Explicit,
      // A new durable starts at the current run; an existing one resumes at its ack floor.
      ...(runStartsAfter > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: runStartsAfter + 1 }
        : { deliver_policy: DeliverPolicy.All }),
      ack_wait: nanos(this.settings.ackWaitMs),
      max_deliver: this.settings.maxDeliver,
    };
    let exists = false;
    let handledThrough = runStartsAfter;
    try {
      const info = await this.jsm.consumers.info(stream, durableName);
      exists = true;
      const floor = info.ack_floor.stream_seq;
      if (info.delivered.stream_seq < runStartsAfter) {
        this.logger.info(
          { durable: durableName, delivered: info.delivered.stream_seq, runStartsAfter },
          'NATS durable left from an earlier run: starting it at the current run',
        );
        await this.jsm.consumers.delete(stream, durableName);
        exists = false;
      } else if (this.settings.pipelined && info.delivered.stream_seq > floor) {
        // Delivered beyond the floor may mean held at a barrier, not handled: deliver them again now.
        await this.jsm.consumers.delete(stream, durableName);
        exists = false;
        handledThrough = Math.max(floor, runStartsAfter);
        Object.assign(config, {
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: handledThrough + 1,
        });
      } else {
        handledThrough = Math.max(floor, runStartsAfter);
        if (info.config.max_deliver !== config.max_deliver || info.config.ack_wait !== config.ack_wait) {
          await this.jsm.consumers.update(stream, durableName, {
            ack_wait: config.ack_wait,
            max_deliver: config.max_deliver,
          });
        }
      }
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND)) throw error;
    }
    if (!exists) await this.jsm.consumers.add(stream, config);
    this.hooks.handled?.(handledThrough);
    if (this.stopped) return;
    await this.consume();
  }

  /** Pulls from the durable (bound by now) and starts the receive loop. */
  private async consume(): Promise<void> {
    const consumer = await this.js.consumers.get(this.settings.stream, this.settings.durableName);
    const messages = await consumer.consume({ max_messages: 256 });
    this.messages = messages;
    this.watchStatus(messages);
    // Always iterated: `close()` only completes once an iterator has taken the stop from the queue, so a
    // consumer stopped while it was starting would otherwise never finish stopping (and its process hang).
    this.loop = this.receive(messages);
    if (this.stopped) await messages.close();
  }

  /**
   * The client ended the pull with an error (the server refused a pull, a bad request): the durable is
   * still on the server, so pulling from it again loses nothing (what was not acknowledged comes again,
   * handled ids are skipped). Retried with a growing pause until it works or `stop()` is called.
   */
  private async consumeAgain(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      const pauseMs = Math.min(RESUME_MAX_MS, RESUME_FIRST_MS * attempt);
      await sleep(pauseMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (this.stopped) return;
      try {
        await this.consume();
        this.logger.info({ durable: this.settings.durableName, attempt }, 'NATS consumer receiving again');
        return;
      } catch (error) {
        this.logger.error(
          { err: error, durable: this.settings.durableName, attempt },
          'NATS consumer cannot pull yet; trying again',
        );
      }
    }
  }

  /** Remembers an event handled outside this consumer (state replay), so its redelivery is only acked. */
  markSeen(eventId: string): void {
    this.seen.add(eventId);
  }

  /** Stops consuming after the message in hand; unacknowledged messages are redelivered later. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await this.starting?.catch(() => undefined);
    // A pull started again meanwhile replaces `messages` and `loop`: close until the last one has ended.
    for (let loop = this.loop; ; loop = this.loop) {
      await this.messages?.close();
      await loop;
      if (loop === this.loop) break;
    }
    await Promise.all(this.pendingAcks);
  }

  private async receive(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        if (this.stopped) break; // leave it unacknowledged: JetStream redelivers it to the next consumer
        try {
          await this.handle(message);
        } catch (error) {
          // Only acks, naks and dead-letter publishes get here; the loop must survive them.
          this.logger.error(
            { err: error, subject: message.subject, seq: message.seq },
            'NATS message handling failed',
          );
        }
      }
    } catch (error) {
      // Unhandled, this rejection would end the process with a stack trace; ignored, the durable would
      // hold its messages and every process waiting for them would wait forever.
      if (this.stopped) return;
      this.logger.error(
        { err: error, durable: this.settings.durableName },
        'NATS consumer stopped receiving; pulling again',
      );
      await this.consumeAgain();
    }
  }

  private watchStatus(messages: ConsumerMessages): void {
    void (async () => {
      for await (const status of messages.status()) {
        if (status.type === 'consumer_deleted' || status.type === 'stream_not_found') {
          this.logger.warn(
            { status, durable: this.settings.durableName },
            'NATS consumer lost its stream or durable',
          );
        }
      }
    })().catch(() => undefined);
  }

  private async handle(message: JsMsg): Promise<void> {
    const { prefix, type } = this.settings;
    // The '*' consumer also sees the dead letters stored in the same stream: not events, not ours.
    if (NatsSubjects.isDeadLetter(prefix, message.subject)) return this.ack(message);
    this.counters.messages_received++;
    if (message.redelivered) this.counters.messages_redelivered++;

    const trusted = this.hooks.own?.(message.headers?.get(MESSAGE_ID_HEADER), message.data) === true;
    const decoded = NatsWireFormat.decode(message.data, { trusted });
    if (!decoded.ok) return this.reject(message, decoded.reason, decoded.detail);
    const event = decoded.event;
    const subjectType = NatsSubjects.typeOf(prefix, message.subject);
    if (event.type !== subjectType || (type !== '*' && event.type !== type)) {
      return this.reject(message, 'invalid', `event type ${event.type} on subject ${message.subject}`);
    }
    if (this.seen.has(event.eventId)) {
      this.counters.duplicates_skipped++;
      this.ack(message);
      this.hooks.handled?.(message.seq);
      return;
    }
    const cause = NatsCause.received(message.headers, message.seq);
    if (this.settings.pipelined) {
      const barrier = this.hooks.before?.(event, cause);
      if (barrier !== undefined && !(await barrier)) return;
    }
    this.hooks.received(event);

    const done = this.partial.get(event.eventId) ?? new Set<string>();
    let failure: Error | undefined;
    const run = async () => {
      for (const [id, handler] of this.hooks.handlers()) {
        if (done.has(id)) continue;
        try {
          await handler(event);
          done.add(id);
          this.hooks.delivered(event);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
          this.hooks.handlerFailed(event, failure);
        }
      }
    };
    await NatsCause.run(cause, () => CorrelationContext.run(run, event.correlationId));

    if (failure === undefined) {
      this.partial.delete(event.eventId);
      this.seen.add(event.eventId);
      this.hooks.handled?.(message.seq, event, cause);
      this.ackWhenStored(message);
      return;
    }
    if (message.info.deliveryCount >= this.settings.maxDeliver) {
      this.partial.delete(event.eventId);
      this.seen.add(event.eventId);
      return this.deadLetter(message, 'handler_failed', failure.message);
    }
    this.remember(event.eventId, done);
    message.nak(this.settings.nakDelayMs);
  }

  private remember(eventId: string, done: Set<string>): void {
    this.partial.delete(eventId);
    this.partial.set(eventId, done);
    if (this.partial.size > this.settings.seenSetSize) {
      const oldest = this.partial.keys().next().value;
      if (oldest !== undefined) this.partial.delete(oldest);
    }
  }

  private reject(message: JsMsg, reason: string, detail: string): Promise<void> {
    this.counters.malformed_messages++;
    this.logger.warn(
      { subject: message.subject, seq: message.seq, reason, detail, durable: this.settings.durableName },
      'NATS message rejected',
    );
    return this.deadLetter(message, reason, detail);
  }

  /** Stores the original bytes as a dead letter (see `publishDeadLetter`), then acks the original. */
  private async deadLetter(message: JsMsg, reason: string, detail: string): Promise<void> {
    try {
      await publishDeadLetter(this.js, this.settings, message, reason, detail);
    } catch (error) {
      this.logger.error(
        { err: error, subject: message.subject },
        'NATS dead-letter publish failed; will retry',
      );
      message.nak(this.settings.nakDelayMs);
      return;
    }
    this.counters.dead_lettered++;
    this.ack(message);
  }

  /**
   * Acks once the events the handlers published are stored, without holding the loop: the next message
   * is handled meanwhile (in order, as before), so a publish round trip per message no longer limits
   * throughput and latency. Acks still come in order, since `beforeAck` resolves in publish order.
   */
  private ackWhenStored(message: JsMsg): void {
    const stored = this.hooks.beforeAck?.();
    if (stored === undefined) {
      this.ack(message);
      return;
    }
    const pending = (async () => {
      try {
        await stored;
        this.ack(message);
      } catch (error) {
        // Unacknowledged, the message is redelivered after `ack_wait`; its eventId is skipped then.
        this.logger.error({ err: error, seq: message.seq }, 'NATS ack failed');
      }
    })();
    this.pendingAcks.add(pending);
    void pending.then(() => this.pendingAcks.delete(pending));
  }

  private ack(message: JsMsg): void {
    // The reply subject the client's own `ack()` answers to (its implementation has it; the type does not).
    const reply = (message as { reply?: unknown }).reply;
    if (this.hooks.acknowledge !== undefined && typeof reply === 'string' && reply !== '')
      this.hooks.acknowledge(reply);
    else message.ack();
    this.counters.messages_acked++;
  }
}
