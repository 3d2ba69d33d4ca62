import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';
import { StreamQuiescence } from './streamQuiescence.js';

/**
 * The lockstep of a `NatsEventBus`: events of the lockstep types are sent, in order, each only once the
 * stream is quiescent (everything published so far handled everywhere, see `StreamQuiescence`).
 * `interrupt()` ends the waits at once and drops what still waits (counted in `lockstep_dropped`), so a
 * producer that waits for a process that is down can stop.
 *
 * @example
 * ```ts
 * const gate = new LockstepGate(['NewCandleEvent'], { jsm, stream, connection, flushed, counters, logger });
 * if (gate.holds(event.type)) gate.send(() => publisher.enqueue(message)); else publisher.enqueue(message);
 * await gate.idle();
 * ```
 */
export class LockstepGate {
  private readonly types: ReadonlySet<string>;
  private quiescence: StreamQuiescence | undefined;
  private interrupted = false;
  /** Lockstep events wait here, in order, for the stream to be quiescent. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    types: readonly string[],
    private readonly context: {
      jsm: JetStreamManager;
      stream: string;
      connection: NatsConnection;
      /** Resolves when everything this process enqueued so far is stored. */
      flushed: () => Promise<void>;
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

  /** Runs `send` once every earlier gated event is sent and the stream is quiescent; never if interrupted. */
  send(send: () => void): void {
    const { counters, logger } = this.context;
    this.chain = this.chain
      .then(() => this.waitForQuiescence())
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Lockstep wait failed; sending without it');
        return true;
      })
      .then((quiescent) => {
        if (!quiescent || this.interrupted) {
          counters.lockstep_dropped++;
          return;
        }
        counters.lockstep_waits++;
        send();
      });
  }

  /** True once everything published so far has been handled everywhere; false when interrupted first. */
  async waitForQuiescence(): Promise<boolean> {
    await this.context.flushed();
    if (this.interrupted) return false;
    const { jsm, stream, logger, connection } = this.context;
    this.quiescence ??= new StreamQuiescence(jsm, stream, logger, connection);
    return this.quiescence.wait();
  }

  /** Resolves when no gated event is waiting any more. */
  idle(): Promise<void> {
    return this.chain;
  }

  interrupt(): void {
    this.interrupted = true;
    this.quiescence?.interrupt();
  }

  close(): void {
    this.quiescence?.close();
  }
}
