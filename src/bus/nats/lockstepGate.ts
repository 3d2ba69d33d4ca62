import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { TradingEvent } from '../../events/tradingEvents.js';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';
import { StreamQuiescence } from './streamQuiescence.js';

/**
 * Where a held event stands in the order one process would handle it: by bar time (the candle's, or the
 * last indicator row's), then by stage (candles before the indicators computed from them), then as
 * published. The end of the run comes after everything.
 *
 * @example
 * ```ts
 * lockstepOrder(candle); // [candle.bar.time, 0]
 * ```
 */
export function lockstepOrder(event: TradingEvent): readonly [number, number] {
  switch (event.type) {
    case 'NewCandleEvent':
      return [event.bar.time, 0];
    case 'IndicatorsCalculatedEvent':
      return [event.recent_rows.at(-1)?.time ?? Number.NEGATIVE_INFINITY, 1];
    case 'EndOfDataEvent':
      return [Number.POSITIVE_INFINITY, 2];
    default:
      return [Number.NEGATIVE_INFINITY, 0];
  }
}

interface HeldEvent {
  send: () => void;
  order: readonly [number, number];
  sequence: number;
}

/**
 * The lockstep of a `NatsEventBus`: events of the lockstep types are held, and sent one at a time, each
 * once the stream is quiescent (everything published so far handled everywhere, see `StreamQuiescence`).
 * When several are held, the earliest in {@link lockstepOrder} goes first: the indicators of a bar are
 * published while the next candle already waits, and must reach the strategies before it.
 * `interrupt()` ends the waits at once and drops what is held (counted in `lockstep_dropped`), so a
 * producer that waits for a process that is down can stop.
 *
 * @example
 * ```ts
 * const gate = new LockstepGate(['NewCandleEvent'], { jsm, stream, connection, flushed, counters, logger });
 * if (gate.holds(event.type)) gate.send(() => publisher.enqueue(message), lockstepOrder(event));
 * else publisher.enqueue(message);
 * await gate.idle();
 * ```
 */
export class LockstepGate {
  private readonly types: ReadonlySet<string>;
  private quiescence: StreamQuiescence | undefined;
  private interrupted = false;
  private held: HeldEvent[] = [];
  private published = 0;
  /** Set while the loop that sends the held events runs (synchronously cleared when it ends). */
  private sending = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    types: readonly string[],
    private readonly context: {
      jsm: JetStreamManager;
      stream: string;
      connection: NatsConnection;
      /** Resolves when everything this process enqueued so far is stored. */
      flushed: () => Promise<void>;
      /** The pipelined lockstep's own, cheaper, wait for the other processes (see `PipelineBarrier.finished`). */
      finished?: () => Promise<boolean> | undefined;
      counters: NatsTransportCounters;
      logger: Logger;
    },
  ) {
    this.types = new Set(types);
  }

  /** Whether events of `type` go through the gate. */
  holds(type: string): boolean {
    return this.types.has(type);
  }

  /** Holds an event: `send` runs once it is the earliest held (by `order`) and the stream is quiescent. */
  send(send: () => void, order: readonly [number, number] = [0, 0]): void {
    this.held.push({ send, order, sequence: this.published++ });
    if (this.sending) return;
    this.sending = true;
    this.loop = this.sendHeld();
  }

  private async sendHeld(): Promise<void> {
    const { counters, logger } = this.context;
    try {
      while (this.held.length > 0) {
        const quiescent = await this.waitForQuiescence().catch((error: unknown) => {
          logger.error({ err: error }, 'Lockstep wait failed; sending without it');
          return true;
        });
        if (!quiescent || this.interrupted) {
          counters.lockstep_dropped += this.held.length;
          this.held = [];
          return;
        }
        const next = this.takeEarliest();
        counters.lockstep_waits++;
        next.send();
      }
    } finally {
      this.sending = false;
    }
  }

  private takeEarliest(): HeldEvent {
    let best = 0;
    for (let index = 1; index < this.held.length; index++) {
      const [time, stage] = this.held[index]!.order;
      const [bestTime, bestStage] = this.held[best]!.order;
      if (time < bestTime || (time === bestTime && stage < bestStage)) best = index;
    }
    return this.held.splice(best, 1)[0]!;
  }

  /** True once everything published so far has been handled everywhere; false when interrupted first. */
  async waitForQuiescence(): Promise<boolean> {
    await this.context.flushed();
    if (this.interrupted || (await this.context.finished?.()) === false) return false;
    const { jsm, stream, logger, connection } = this.context;
    this.quiescence ??= new StreamQuiescence(jsm, stream, logger, connection);
    return this.quiescence.wait();
  }

  /** Resolves when no event is held any more. */
  idle(): Promise<void> {
    return this.loop;
  }

  interrupt(): void {
    this.interrupted = true;
    this.quiescence?.interrupt();
  }

  close(): void {
    this.quiescence?.close();
  }
}
