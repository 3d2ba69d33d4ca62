import type { NatsConnection, PublishOptions } from '@nats-io/transport-node';

/** JetStream's acknowledgement payload (what `JsMsg.ack()` sends). */
const ACK = Uint8Array.of(43, 65, 67, 75);
/** A lost ack is not an error: the message comes again after `ack_wait` and is skipped as handled then. */
const ignoreFailure = () => undefined;

interface Outgoing {
  subject: string;
  data: Uint8Array | string;
  options: PublishOptions | undefined;
  failed: (error: Error) => void;
}

/**
 * Core NATS publishes held until the end of the event-loop turn, then handed to the connection together,
 * in call order. The client writes to the socket once per microtask round in which something was
 * published, and a handler's publishes land in several rounds (each `await` starts one): a producing
 * process made about five socket writes per candle, most of its CPU after the encoding. Held until
 * `setImmediate`, everything a turn publishes (events, progress notes, acks) leaves in one write. With
 * `hold` false, publishes go out at once (acks still wait for the end of the turn).
 *
 * @example
 * ```ts
 * const outbound = new CoalescedPublishes(connection);
 * outbound.publish('tradestate_progress.trade_execution', note, undefined, (error) => logger.warn({ err: error }));
 * outbound.flush(); // before closing: sends what is held now
 * ```
 */
export class CoalescedPublishes {
  private held: Array<Outgoing | undefined> = [];
  /** Where in `held` the publish of each subject sent with `replace` this turn is. */
  private readonly replaceable = new Map<string, number>();
  private scheduled = false;

  constructor(
    private readonly connection: NatsConnection,
    /**
     * False: each publish goes to the connection at once. Holding delays a publish by the rest of the
     * turn (no timer) and saves socket writes and the server's wake-ups: the bus holds in every mode (a
     * live producer wrote a quarter fewer times, at no measurable cost in candle→order latency).
     */
    private readonly hold = true,
  ) {}

  /** Publishes at the end of this turn (at once without `hold`); `failed` is told if the connection refuses it then. */
  publish(
    subject: string,
    data: Uint8Array | string,
    options: PublishOptions | undefined,
    failed: (error: Error) => void,
  ): void {
    this.held.push({ subject, data, options, failed });
    if (this.hold) this.flushAtEndOfTurn();
    // Not holding: at once, with the acknowledgements held so far (one socket write for all of them).
    else this.flush();
  }

  private flushAtEndOfTurn(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Publishes at the end of this turn in place of what `replace` held for `subject` this turn, if anything
   * (at once without `hold`): for messages where only the latest counts, such as cumulative progress notes,
   * so a receiver parses one per turn instead of one per candle the sender handled in it.
   */
  replace(subject: string, data: Uint8Array | string, failed: (error: Error) => void): void {
    const index = this.replaceable.get(subject);
    if (index !== undefined) this.held[index] = undefined;
    if (this.hold) this.replaceable.set(subject, this.held.length);
    this.publish(subject, data, undefined, failed);
  }

  /**
   * Acknowledges a JetStream message by its `reply` subject with the turn's other publishes: a consumer's
   * acks otherwise cost a socket write each, in the microtask round in which each message's outputs got
   * stored. The server learns of it a turn later at most, which only moves the durable's ack floor. Held
   * to the end of the turn also without `hold` (live feeds): nobody waits for an ack, and the acks of the
   * messages one socket read brought (two symbols' candles, a publish acknowledgement and a message) then
   * leave in one write, or with the next publish, instead of one write and one wake-up of the server each.
   */
  acknowledge(reply: string): void {
    this.held.push({ subject: reply, data: ACK, options: undefined, failed: ignoreFailure });
    this.flushAtEndOfTurn();
  }

  /** Hands everything held to the connection now. */
  flush(): void {
    this.scheduled = false;
    const held = this.held;
    this.held = [];
    this.replaceable.clear();
    for (const outgoing of held) {
      if (outgoing === undefined) continue;
      const { subject, data, options, failed } = outgoing;
      try {
        this.connection.publish(subject, data, options);
      } catch (error) {
        failed(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
