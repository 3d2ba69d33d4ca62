import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/** Longest pause between two looks at the stream while waiting. */
const MAX_DELAY_MS = 5;
/** How often a long wait is reported (the usual cause: a consumer process is down). */
const REPORT_EVERY_MS = 10_000;

/**
 * Waits until a JetStream stream is quiescent: every durable consumer on it (ephemeral readers are not
 * counted) has nothing pending and
 * nothing awaiting an ack, and no message was stored while we looked. Because `NatsEventBus` acks a
 * message only after the events its handlers published are stored, a quiescent stream means every event
 * published so far and everything it caused, in every process, has been handled. The lockstep of the
 * cross-process pipeline: the data producer waits for it before each `NewCandleEvent`.
 *
 * A consumer that belongs to a process that is down keeps the stream busy: the wait goes on (reported
 * every 10 s with the busy consumers) until that process is back and has caught up. Remove the durables
 * of roles you no longer run (`nats consumer rm`).
 *
 * @example
 * ```ts
 * const quiescence = new StreamQuiescence(jsm, 'TRADESTATE', logger);
 * await quiescence.wait(); // true: every event so far has been handled everywhere
 * ```
 */
export class StreamQuiescence {
  /** Looks at the stream taken so far (two stream infos and one consumer list each). */
  checks = 0;

  /** Resolves the pending `activity()` wait early: an acknowledgement was seen. */
  private wake: (() => void) | undefined;
  private watching: Subscription | undefined;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly logger: Logger,
    /**
     * With a connection, acknowledgements on the stream (`$JS.ACK.<stream>.>`) wake the wait at once
     * instead of it looking again only after a pause: a cascade that ends is noticed within a round trip.
     */
    private readonly connection?: NatsConnection,
  ) {}

  /** Stops watching acknowledgements. */
  close(): void {
    this.watching?.unsubscribe();
    this.watching = undefined;
  }

  /** Resolves after `pauseMs`, or earlier (true) when an acknowledgement is seen. */
  private activity(pauseMs: number): Promise<boolean> {
    if (this.connection !== undefined && this.watching === undefined) {
      try {
        this.watching = this.connection.subscribe(`$JS.ACK.${this.stream}.>`, {
          callback: () => {
            const wake = this.wake;
            this.wake = undefined;
            wake?.();
          },
        });
      } catch (error) {
        this.logger.debug({ err: error }, 'Cannot watch acknowledgements; polling');
      }
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, pauseMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** Set by `interrupt()`: waits in progress and later ones return false at their next look. */
  private interrupted = false;

  /** Ends every wait (a stop was asked for): they resolve false instead of waiting on. */
  interrupt(): void {
    this.interrupted = true;
  }

  /** Resolves true once the stream is quiescent, false when interrupted first. */
  async wait(): Promise<boolean> {
    let delay = 0;
    let lastSequence = await this.lastSequence();
    const startedAt = Date.now();
    let reportAt = startedAt + REPORT_EVERY_MS;
    for (;;) {
      if (this.interrupted) return false;
      const busy = await this.busyConsumers();
      const sequence = await this.lastSequence();
      if (busy.length === 0 && sequence === lastSequence) return true;
      lastSequence = sequence;
      if (Date.now() >= reportAt) {
        reportAt = Date.now() + REPORT_EVERY_MS;
        this.logger.warn(
          { stream: this.stream, busy, waited_ms: Date.now() - startedAt },
          'Waiting for consumers to catch up (is a process down? Ctrl-C stops; `tradestate nats status` names them)',
        );
      }
      const acknowledged = await this.activity(delay);
      // Right after an acknowledgement the cascade is often over: look again soon.
      delay = acknowledged ? 1 : Math.min(MAX_DELAY_MS, delay === 0 ? 1 : delay * 2);
    }
  }

  private async lastSequence(): Promise<number> {
    this.checks++;
    const info = await this.jsm.streams.info(this.stream);
    return info.state.last_seq;
  }

  private async busyConsumers(): Promise<string[]> {
    const busy: string[] = [];
    for await (const consumer of this.jsm.consumers.list(this.stream)) {
      // Ephemeral consumers are readers (a replay, a tool), not part of the pipeline.
      if (consumer.config.durable_name === undefined) continue;
      if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) busy.push(consumer.name);
    }
    return busy;
  }
}
