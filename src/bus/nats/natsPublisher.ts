import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { EventBusOverflowError } from '../eventBusOverflowError.js';
import { type Cause, NatsCause } from './natsCause.js';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';

/** One encoded event waiting for (or awaiting) its JetStream acknowledgement. */
export interface OutgoingMessage {
  subject: string;
  data: Uint8Array;
  eventId: string;
  eventType: string;
  correlationId: string;
  attempts: number;
  /** The candle it descends from, sent as headers (`tradestate-cause`, `tradestate-depth`). */
  cause?: Cause;
  /** Position in enqueue order, set by the publisher (what `flushed()` waits for). */
  sequence?: number;
}

export interface NatsPublisherOptions {
  /** Bound of the queue of events not yet sent; what happens beyond it is `overflowPolicy`. */
  maxQueueSize: number;
  overflowPolicy: 'drop_oldest' | 'drop_newest' | 'error';
  /** Publishes awaiting an acknowledgement at once: the pipeline's window. */
  maxInFlight: number;
  /** Attempts per event before it is counted in `publish_errors` and dropped. */
  maxAttempts: number;
  retryDelayMs: number;
  /** Told the stream sequence of each stored message (the pipelined lockstep's notes name them). */
  onStored?: (message: OutgoingMessage, seq: number) => void;
  /** Told of each message that will not be stored: dropped from a full queue, or failed every attempt. */
  onLost?: (message: OutgoingMessage) => void;
}

/**
 * The ordered publish pipeline: `enqueue()` returns at once; events are sent to JetStream in call order
 * with up to `maxInFlight` acknowledgements outstanding, each carrying `Nats-Msg-Id = eventId` so the
 * stream drops duplicates, and retried on failure (safe for the same reason). A full queue follows the
 * overflow policy (`EventBusOverflowError` under `error`, as the in-memory bus). `idle()` resolves when
 * nothing is queued or awaiting an acknowledgement; `flushed()` when everything enqueued before the call
 * is (a consumer acks its input only after that, so a handler's outputs are stored before its input is
 * gone: a crash in between redelivers the input instead of losing the outputs).
 *
 * @example
 * ```ts
 * const publisher = new NatsPublisher(js, counters, logger, { maxQueueSize: 100_000, overflowPolicy: 'error', maxInFlight: 256, maxAttempts: 3, retryDelayMs: 200 });
 * publisher.enqueue({ subject, data, eventId, eventType, correlationId, attempts: 0 });
 * await publisher.idle();
 * ```
 */
export class NatsPublisher {
  private queue: OutgoingMessage[] = [];
  private head = 0;
  private inFlight = 0;
  private highWater = 0;
  private dropped = 0;
  private waiters: Array<() => void> = [];
  private enqueued = 0;
  /** Sequences sent and not yet settled, in send order (increasing; at most `maxInFlight`). */
  private readonly unsettled: number[] = [];
  private flushWaiters: Array<{ through: number; resolve: () => void }> = [];
  private readonly storedThrough = new Map<string, number>();

  constructor(
    private readonly js: Pick<JetStreamClient, 'publish'>,
    private readonly counters: NatsTransportCounters,
    private readonly logger: Logger,
    private readonly options: NatsPublisherOptions,
  ) {}

  /** Events queued or awaiting acknowledgement. */
  get depth(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  get queueHighWater(): number {
    return this.highWater;
  }

  get eventsDropped(): number {
    return this.dropped;
  }

  enqueue(message: OutgoingMessage): void {
    if (this.queue.length - this.head >= this.options.maxQueueSize) {
      if (this.options.overflowPolicy === 'error') {
        throw new EventBusOverflowError(message.eventType, this.options.maxQueueSize);
      }
      this.dropped++;
      this.logger.warn(
        { eventId: message.eventId, policy: this.options.overflowPolicy },
        'NATS publish queue full',
      );
      if (this.options.overflowPolicy === 'drop_newest') {
        this.options.onLost?.(message);
        return;
      }
      const oldest = this.queue[this.head++];
      if (oldest !== undefined) this.options.onLost?.(oldest);
    }
    message.sequence = ++this.enqueued;
    this.queue.push(message);
    this.highWater = Math.max(this.highWater, this.depth);
    this.pump();
  }

  /**
   * The stream sequence of the last stored event of each type this process published: after `flushed()`,
   * the bound a consumer elsewhere must have handled to have seen everything published so far.
   */
  storedSequences(): Record<string, number> {
    return Object.fromEntries(this.storedThrough);
  }

  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Whether every message enqueued so far is acknowledged (or counted as failed): `flushed()` would resolve at once. */
  get settled(): boolean {
    return this.lowestUnsettled() > this.enqueued;
  }

  /** Resolves when every message enqueued before this call is acknowledged (or counted as failed). */
  flushed(): Promise<void> {
    const through = this.enqueued;
    if (this.lowestUnsettled() > through) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push({ through, resolve }));
  }

  private lowestUnsettled(): number {
    return Math.min(
      this.unsettled[0] ?? Number.POSITIVE_INFINITY,
      this.queue[this.head]?.sequence ?? Number.POSITIVE_INFINITY,
    );
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.head < this.queue.length) {
      const message = this.queue[this.head++]!;
      this.inFlight++;
      this.counters.publish_in_flight = this.inFlight;
      this.unsettled.push(message.sequence ?? 0);
      this.send(message);
    }
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private send(message: OutgoingMessage): void {
    message.attempts++;
    const messageHeaders = headers();
    messageHeaders.set('correlation-id', message.correlationId);
    if (message.cause !== undefined) {
      messageHeaders.set(NatsCause.candleHeader, String(message.cause.candle));
      messageHeaders.set(NatsCause.depthHeader, String(message.cause.depth));
    }
    // js.publish writes to the socket before its first await, so call order is wire order.
    this.js.publish(message.subject, message.data, { msgID: message.eventId, headers: messageHeaders }).then(
      (ack) => {
        if (ack.duplicate) this.counters.publish_duplicates++;
        if (ack.seq > (this.storedThrough.get(message.eventType) ?? 0))
          this.storedThrough.set(message.eventType, ack.seq);
        this.options.onStored?.(message, ack.seq);
        this.settle(message);
      },
      (error: unknown) => {
        if (message.attempts < this.options.maxAttempts) {
          this.logger.debug({ err: error, eventId: message.eventId }, 'NATS publish failed; retrying');
          setTimeout(() => this.send(message), this.options.retryDelayMs * message.attempts);
          return;
        }
        this.counters.publish_errors++;
        this.logger.error(
          { err: error, eventId: message.eventId, subject: message.subject, attempts: message.attempts },
          'NATS publish failed; event lost',
        );
        this.options.onLost?.(message);
        this.settle(message);
      },
    );
  }

  private settle(message: OutgoingMessage): void {
    this.inFlight--;
    this.counters.publish_in_flight = this.inFlight;
    const index = this.unsettled.indexOf(message.sequence ?? 0);
    if (index >= 0) this.unsettled.splice(index, 1);
    this.pump();
    if (this.flushWaiters.length > 0) {
      const lowest = this.lowestUnsettled();
      const waiting = this.flushWaiters;
      this.flushWaiters = [];
      for (const waiter of waiting) {
        if (lowest > waiter.through) waiter.resolve();
        else this.flushWaiters.push(waiter);
      }
    }
    if (this.depth === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
