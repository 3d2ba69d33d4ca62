import type { JsMsg } from '@nats-io/jetstream';

/**
 * Acknowledgements held briefly and sent together. Each ack sent on its own is one socket write and one
 * wake-up of the server; a live feed acks every candle in every process, and on a small machine those
 * writes compete for the CPU with the candle that causes an order. Held acks leave with the message
 * handled once half of `delayMs` has passed (the process is awake then anyway), or, when nothing more
 * comes, after `delayMs`: one write for the acks of several messages (and of every consumer of the
 * process), and no timer firing while messages keep coming. What this changes is only when JetStream
 * hears the ack: it is still sent only after the message's outputs are stored, so a crash in between
 * redelivers the message (at-least-once, as before), at most `delayMs` more of them. `delayMs` 0 acks at once.
 *
 * @example
 * ```ts
 * const acks = new DeferredAcks(40, () => counters.messages_acked++);
 * acks.add(message); // sent within 40 ms, with the others held by then
 * acks.flush(); // before stopping: sends what is held now
 * ```
 */
export class DeferredAcks {
  private held: JsMsg[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest held ack was added (`now()`). */
  private since = 0;

  constructor(
    private readonly delayMs: number,
    /** Told of each ack as it is sent. */
    private readonly sent: () => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Messages held and not yet acknowledged. */
  get size(): number {
    return this.held.length;
  }

  /** Acknowledges `message` within `delayMs`. */
  add(message: JsMsg): void {
    if (this.delayMs <= 0) {
      message.ack();
      this.sent();
      return;
    }
    this.held.push(message);
    if (this.held.length === 1) {
      this.since = this.now();
      this.timer = setTimeout(() => this.flush(), this.delayMs);
    } else if (this.now() - this.since >= this.delayMs / 2) this.flush();
  }

  /** Sends every held ack now (the client writes them together, at the end of this microtask round). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    for (const message of held) {
      message.ack();
      this.sent();
    }
  }
}
