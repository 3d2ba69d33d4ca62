import type { Logger } from 'pino';

/**
 * Options of `NatsEventBus.connect`.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const bus = await NatsEventBus.connect(config.event_bus, { consumerName: 'indicators', logger });
 * ```
 */
export interface NatsEventBusOptions {
  /** Prefix of this process's durable consumer names, e.g. its role: `indicators` → `indicators_NewCandleEvent`. */
  consumerName: string;
  logger: Logger;
  /** Recent eventIds each consumer remembers to skip redelivered duplicates. Default 10 000. */
  seenSetSize?: number;
  /** Publishes awaiting a JetStream acknowledgement at once. Default 256. */
  maxInFlight?: number;
  /** Attempts per publish before the event counts in `publish_errors`. Default 3. */
  publishAttempts?: number;
  /** Time allowed to reach a server at start-up. Default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * Event types sent in lockstep: each waits, before it is sent, until every event published so far (by
   * any process) and everything it caused has been handled (`StreamQuiescence`). The data producer sets
   * `NewCandleEvent` so the pipeline handles candle after candle as one process would.
   */
  lockstepTypes?: readonly string[];
  /**
   * Subscriptions do not consume until `startConsumers()`, which first rebuilds this process's state from
   * the stream (see `replayHandledEvents`). Default false: each subscription consumes at once.
   */
  deferConsumers?: boolean;
  /**
   * The services this process runs, for the pipelined lockstep (`PipelineBarrier`): the producer sends
   * candles ahead and each process holds an input back only until the processes it depends on report
   * progress past it. Unset (or none of the pipeline's services): no barrier.
   */
  pipeline?: readonly string[];
}
