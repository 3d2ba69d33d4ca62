import type { PubAck } from '@nats-io/jetstream';
import {
  createInbox,
  headers,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  PermissionViolationError,
} from '@nats-io/transport-node';
import { CoalescedPublishes } from './coalescedPublishes.js';

/** The header JetStream deduplicates on. */
export const MESSAGE_ID_HEADER = 'Nats-Msg-Id';

interface PendingAck {
  subject: string;
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
  /** `performance.now()` past which the publish has failed. */
  deadline: number;
}

/**
 * Publishes to a JetStream stream and resolves with the stream's acknowledgement, like
 * `JetStreamClient.publish`, but over one reply subscription (`<inbox>.<n>`) for all publishes and one
 * timer for all deadlines. The client's request path made a timer, a mux entry and a thrown-away
 * `RequestError` (with its stack) per publish: a tenth of a producing process's NATS time. Messages go out
 * at the end of the event-loop turn (`CoalescedPublishes`), in call order.
 *
 * @example
 * ```ts
 * const client = new StreamPublishClient(connection, '_INBOX_producer');
 * const ack = await client.publish('tradestate.NewCandleEvent.EURUSD', bytes, { msgID: eventId });
 * console.log(ack.seq, ack.duplicate);
 * client.close();
 * ```
 */
export class StreamPublishClient {
  private readonly inbox: string;
  private readonly pending = new Map<number, PendingAck>();
  private next = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly connection: NatsConnection,
    inboxPrefix: string,
    private readonly timeoutMs = 5_000,
    /** Where the messages go out: shared with the process's other publishes, they leave in one write. */
    private readonly outbound = new CoalescedPublishes(connection),
  ) {
    this.inbox = `${createInbox(inboxPrefix)}.`;
    connection.subscribe(`${this.inbox}*`, {
      callback: (error, message) => {
        if (error !== null) this.failAll(error);
        else this.settle(message);
      },
    });
    void this.watchRefusals();
  }

  /** Stores `data` under `subject`; rejects when the stream refuses it, nothing answers, or on timeout. */
  publish(
    subject: string,
    data: Uint8Array,
    options: { msgID?: string; headers?: MsgHdrs } = {},
  ): Promise<PubAck> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const token = ++this.next;
    const messageHeaders = options.headers ?? headers();
    if (options.msgID !== undefined) messageHeaders.set(MESSAGE_ID_HEADER, options.msgID);
    return new Promise<PubAck>((resolve, reject) => {
      this.pending.set(token, { subject, resolve, reject, deadline: performance.now() + this.timeoutMs });
      this.sweeper ??= setInterval(() => this.expire(), Math.max(1, this.timeoutMs / 4)).unref();
      this.outbound.publish(subject, data, { reply: this.inbox + token, headers: messageHeaders }, (error) =>
        this.fail(token, error),
      );
    });
  }

  /** Rejects what is still waiting for an acknowledgement; publishing after this rejects at once. */
  close(): void {
    this.failAll(new Error('stream publish client closed'));
  }

  private settle(message: Msg): void {
    const token = Number(message.subject.slice(this.inbox.length));
    const waiting = this.pending.get(token);
    if (waiting === undefined) return; // timed out before
    this.pending.delete(token);
    if (message.data.length === 0 && message.headers?.code === 503) {
      waiting.reject(new Error('no JetStream stream answers on this subject (503 no responders)'));
      return;
    }
    let reply: { stream?: string; seq?: number; duplicate?: boolean; error?: { description?: string } };
    try {
      reply = message.json();
    } catch (error) {
      waiting.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (reply.error !== undefined || typeof reply.stream !== 'string' || typeof reply.seq !== 'number') {
      waiting.reject(new Error(reply.error?.description ?? 'invalid JetStream publish acknowledgement'));
      return;
    }
    waiting.resolve({ stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true } as PubAck);
  }

  /**
   * The server refuses a publish its user may not make with an error on the connection, not a reply: the
   * oldest publish waiting on that subject fails with it at once (as a request would), not at its deadline.
   */
  private async watchRefusals(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type !== 'error' || !(status.error instanceof PermissionViolationError)) continue;
      if (status.error.operation !== 'publish') continue;
      for (const [token, waiting] of this.pending) {
        if (waiting.subject !== status.error.subject) continue;
        this.pending.delete(token);
        waiting.reject(status.error);
        break;
      }
    }
  }

  private fail(token: number, error: Error): void {
    const waiting = this.pending.get(token);
    if (waiting === undefined) return;
    this.pending.delete(token);
    waiting.reject(error);
  }

  private expire(): void {
    const now = performance.now();
    // Deadlines grow with the token (one timeout for all), so the oldest come first.
    for (const [token, waiting] of this.pending) {
      if (waiting.deadline > now) break;
      this.pending.delete(token);
      waiting.reject(new Error(`no JetStream acknowledgement within ${this.timeoutMs} ms`));
    }
    this.stopSweeperWhenIdle();
  }

  private failAll(error: Error): void {
    this.failure = error;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.stopSweeperWhenIdle();
    for (const { reject } of waiting) reject(error);
  }

  private stopSweeperWhenIdle(): void {
    if (this.pending.size > 0 || this.sweeper === undefined) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
