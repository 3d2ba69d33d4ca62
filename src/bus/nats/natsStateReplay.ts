import {
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { TradingEvent } from '../../events/tradingEvents.js';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';
import { NatsSubjects } from './natsSubjects.js';
import { NatsWireFormat } from './natsWireFormat.js';

/** JetStream's error code for "consumer not found". */
const CONSUMER_NOT_FOUND = 10014;

/** One durable consumer of this process and the way to run its handlers outside its receive loop. */
export interface ReplayTarget {
  durableName: string;
  filterSubject: string;
  /** Runs the group's handlers on `event`; `publish` false drops what they publish. */
  run(event: TradingEvent, publish: boolean): Promise<void>;
  /** The live consumer will see the event again (it was never acked): it must only ack it. */
  markSeen(eventId: string): void;
}

interface Floor {
  /** Every message up to here (stream sequence) was handled and acked: its outputs are stored. */
  acked: number;
  /** Messages up to here were delivered to a previous run; those above `acked` may be half done. */
  delivered: number;
}

const matches = (filter: string, subject: string): boolean =>
  filter.endsWith('.>') ? subject.startsWith(filter.slice(0, -1)) : filter === subject;

/**
 * Rebuilds a restarted process's in-memory state (positions, indicator windows, bar counts) from the
 * stream. For each of its durables it reads how far the previous run got (ack floor, last delivered), then
 * walks the stream once, in stream order, up to the furthest delivered message: a message the durable had
 * acked is handled again with its outputs dropped (they are already in the stream); one delivered but not
 * acked is handled for real (its outputs may be published twice: the ids differ, the downstream dedup by
 * content, e.g. the client order id, applies) and marked seen so the durable's redelivery is only acked.
 * Stream order is the order the previous run handled them in, because the producer runs in lockstep.
 *
 * @example
 * ```ts
 * const { replayed, resumed } = await replayHandledEvents(js, jsm, { stream, prefix, targets }, counters, logger);
 * // now start the durable consumers: they continue after the last message the previous run acked
 * ```
 */
export async function replayHandledEvents(
  js: JetStreamClient,
  jsm: JetStreamManager,
  settings: { stream: string; prefix: string; targets: readonly ReplayTarget[] },
  counters: NatsTransportCounters,
  logger: Logger,
): Promise<{ replayed: number; resumed: number }> {
  const { stream, prefix } = settings;
  const floors = new Map<ReplayTarget, Floor>();
  let through = 0;
  for (const target of settings.targets) {
    try {
      const info = await jsm.consumers.info(stream, target.durableName);
      floors.set(target, { acked: info.ack_floor.stream_seq, delivered: info.delivered.stream_seq });
      through = Math.max(through, info.delivered.stream_seq);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND)) throw error;
    }
  }
  let replayed = 0;
  let resumed = 0;
  if (through === 0) return { replayed, resumed };
  logger.info({ stream, through }, 'Rebuilding state from the stream');
  const ordered = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const messages = await ordered.consume({ max_messages: 512 });
  try {
    for await (const message of messages) {
      if (message.seq > through) break;
      if (!NatsSubjects.isDeadLetter(prefix, message.subject)) {
        let event: TradingEvent | undefined;
        for (const [target, floor] of floors) {
          if (message.seq > floor.delivered || !matches(target.filterSubject, message.subject)) continue;
          if (event === undefined) {
            const decoded = NatsWireFormat.decode(message.data);
            if (!decoded.ok) break;
            event = decoded.event;
          }
          if (message.seq <= floor.acked) {
            await target.run(event, false);
            replayed++;
          } else {
            await target.run(event, true);
            target.markSeen(event.eventId);
            resumed++;
          }
        }
      }
      if (message.seq >= through || message.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
  counters.events_replayed += replayed;
  counters.events_resumed += resumed;
  logger.info({ stream, replayed, resumed }, 'State rebuilt from the stream');
  return { replayed, resumed };
}
