import type { EventBusMetrics } from '../busTypes.js';

/**
 * What the NATS transport counts on top of the in-memory bus's metrics.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const natsBus = await NatsEventBus.connect(config.event_bus, { consumerName: 'strategy', logger: pino() });
 * const counters: NatsTransportCounters = natsBus.getMetrics();
 * if (counters.messages_redelivered > 0) console.warn(`${counters.messages_redelivered} of ${counters.messages_received} redelivered`);
 * ```
 */
export interface NatsTransportCounters {
  /** Messages taken from JetStream by this process's consumers, redeliveries included. */
  messages_received: number;
  /** Messages acknowledged (handled, skipped as duplicates, or dead-lettered). */
  messages_acked: number;
  /** Messages received that JetStream had delivered before (after a nak, an ack timeout or a restart). */
  messages_redelivered: number;
  /** Messages that were not JSON, had another wire version, or failed the event schemas. */
  malformed_messages: number;
  /** Events skipped because their `eventId` was handled recently by the same consumer. */
  duplicates_skipped: number;
  /** Messages sent to `<prefix>.deadletter.<reason>`. */
  dead_lettered: number;
  /** Publishes that failed after their retries: the event is lost. */
  publish_errors: number;
  /** Publishes the stream dropped because the same `eventId` arrived within the duplicate window. */
  publish_duplicates: number;
  /** Publishes sent and not yet acknowledged by JetStream. */
  publish_in_flight: number;
  /** Times a lockstep event waited for the stream to be quiescent before it was sent. */
  lockstep_waits: number;
  /** Lockstep events not sent because a stop interrupted their wait. */
  lockstep_dropped: number;
  /** Events handled again at start-up to rebuild this process's state, their outputs not published. */
  events_replayed: number;
  /** Events a previous run of this process had received but not acked, handled (and published) at start-up. */
  events_resumed: number;
}

/**
 * `getMetrics()` of `NatsEventBus`.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const natsBus = await NatsEventBus.connect(config.event_bus, { consumerName: 'strategy', logger: pino() });
 * const metrics: NatsEventBusMetrics = natsBus.getMetrics();
 * console.log(metrics.transport, metrics.messages_acked, metrics.events_published);
 * ```
 */
export type NatsEventBusMetrics = EventBusMetrics & NatsTransportCounters & { transport: 'nats' };

/**
 * Fresh transport counters, shared (mutably) by the publisher and the consumers of one bus.
 *
 * @example
 * ```ts
 * const counters = createNatsCounters();
 * counters.messages_received++;
 * ```
 */
export function createNatsCounters(): NatsTransportCounters {
  return {
    messages_received: 0,
    messages_acked: 0,
    messages_redelivered: 0,
    malformed_messages: 0,
    duplicates_skipped: 0,
    dead_lettered: 0,
    publish_errors: 0,
    publish_duplicates: 0,
    publish_in_flight: 0,
    lockstep_waits: 0,
    lockstep_dropped: 0,
    events_replayed: 0,
    events_resumed: 0,
  };
}
