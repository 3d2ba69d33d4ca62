import { randomUUID } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { TradingEvent } from '../../events/tradingEvents.js';
import { type Cause, NatsCause } from './natsCause.js';
import type { NatsTransportCounters } from './natsEventBusMetrics.js';
import { NatsSubjects } from './natsSubjects.js';
import { NatsWireFormat } from './natsWireFormat.js';

/** JetStream's error code for "consumer not found". */
const CONSUMER_NOT_FOUND = 10014;

/** One durable consumer of this process and the way to run its handlers outside its receive loop. */
export interface ReplayTarget {
  durableName: string;
  filterSubject: string;
  /** Runs the group's handlers on `event` in its `cause`; `publish` false drops what they publish. */
  run(event: TradingEvent, publish: boolean, cause: Cause): Promise<void>;
  /** The live consumer will see the event again (it was never acked): it must only ack it. */
  markSeen(eventId: string): void;
}

interface Floor {
  /** Every message up to here (stream sequence) was handled and acked: its outputs are stored. */
  acked: number;
  /** Messages up to here were delivered to a previous run; those above `acked` may be half done. */
  delivered: number;
}

interface Stored {
  seq: number;
  target: ReplayTarget;
  event: TradingEvent;
  cause: Cause;
}

/** Within one candle and depth, one process lets the executor see a bar before the other services. */
const EXECUTION_OUTPUTS = new Set(['OrderPlacedEvent', 'TradingBlockedEvent', 'TradingAuthorizedEvent']);

/** The order the pipelined lockstep handles events in: by candle, depth, executor first, then as stored. */
function pipelineOrder(left: Stored, right: Stored): number {
  return (
    left.cause.candle - right.cause.candle ||
    left.cause.depth - right.cause.depth ||
    Number(!EXECUTION_OUTPUTS.has(left.event.type)) - Number(!EXECUTION_OUTPUTS.has(right.event.type)) ||
    left.seq - right.seq
  );
}

/**
 * Rebuilds a restarted process's in-memory state (positions, indicator windows, bar counts) from the
 * current run in the stream (everything after `runStartsAfter`, the last `EndOfDataEvent`). For each of
 * its durables it reads how far the previous incarnation got (ack floor, last delivered) and reads, through
 * a consumer filtered like the durable (a role reads only what it may consume), the run's messages up to
 * the last delivered; the messages of all durables are then handled in stream order. A message the durable
 * had acked is handled again with its outputs dropped (they are already in the stream); one delivered but
 * not acked is handled for real (its outputs may be published twice: the ids differ, the downstream dedup
 * by content, e.g. the client order id, applies) and marked seen so the durable's redelivery is only acked.
 * Stream order is the order the previous incarnation handled them in, because the producer runs in lockstep.
 *
 * @example
 * ```ts
 * const { replayed, resumed } = await replayHandledEvents(js, jsm, { stream, prefix, runStartsAfter, targets }, counters, logger);
 * // now start the durable consumers: they continue after the last message the previous run acked
 * ```
 */
export async function replayHandledEvents(
  js: JetStreamClient,
  jsm: JetStreamManager,
  settings: {
    stream: string;
    prefix: string;
    runStartsAfter: number;
    targets: readonly ReplayTarget[];
    /**
     * The pipelined lockstep: events are replayed in the order the barriers let them be handled, not the
     * stream's, and only those acked (the others the durable delivers again, see `NatsConsumer`).
     */
    pipelined?: boolean;
  },
  counters: NatsTransportCounters,
  logger: Logger,
): Promise<{ replayed: number; resumed: number }> {
  const { stream, prefix, runStartsAfter } = settings;
  const floors = new Map<ReplayTarget, Floor>();
  for (const target of settings.targets) {
    try {
      const info = await jsm.consumers.info(stream, target.durableName);
      // A durable that never got into the current run has nothing of it to rebuild.
      if (info.delivered.stream_seq > runStartsAfter) {
        floors.set(target, { acked: info.ack_floor.stream_seq, delivered: info.delivered.stream_seq });
      }
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND)) throw error;
    }
  }
  let replayed = 0;
  let resumed = 0;
  if (floors.size === 0) return { replayed, resumed };
  logger.info({ stream, runStartsAfter, durables: floors.size }, 'Rebuilding state from the stream');
  const stored: Stored[] = [];
  for (const [target, floor] of floors) stored.push(...(await readRun(js, jsm, settings, target, floor)));
  stored.sort(settings.pipelined ? pipelineOrder : (left, right) => left.seq - right.seq);
  for (const { seq, target, event, cause } of stored) {
    const floor = floors.get(target)!;
    if (settings.pipelined && seq > floor.acked) continue;
    if (seq <= floor.acked) {
      await target.run(event, false, cause);
      replayed++;
    } else {
      await target.run(event, true, cause);
      target.markSeen(event.eventId);
      resumed++;
    }
  }
  counters.events_replayed += replayed;
  counters.events_resumed += resumed;
  logger.info({ stream, replayed, resumed, prefix }, 'State rebuilt from the stream');
  return { replayed, resumed };
}

/** The current run's messages a durable had been delivered, decoded, in stream order. */
async function readRun(
  js: JetStreamClient,
  jsm: JetStreamManager,
  settings: { stream: string; prefix: string; runStartsAfter: number },
  target: ReplayTarget,
  floor: Floor,
): Promise<Stored[]> {
  // A consumer of our own rather than an ordered one: its creation answers how many messages wait, so a
  // durable whose filter matched nothing in this run (an idle EndOfDataEvent durable) is not read forever.
  const name = `replay_${randomUUID().slice(0, 12)}`;
  const info = await jsm.consumers.add(settings.stream, {
    name,
    filter_subject: target.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: settings.runStartsAfter + 1,
    ack_policy: AckPolicy.None,
    mem_storage: true,
    inactive_threshold: nanos(60_000),
  });
  if (info.num_pending === 0) {
    await jsm.consumers.delete(settings.stream, name).catch(() => undefined);
    return [];
  }
  const reader = await js.consumers.get(settings.stream, name);
  const stored: Stored[] = [];
  const messages = await reader.consume({ max_messages: 512 });
  try {
    for await (const message of messages) {
      if (message.seq > floor.delivered) break;
      if (!NatsSubjects.isDeadLetter(settings.prefix, message.subject)) {
        const decoded = NatsWireFormat.decode(message.data);
        if (decoded.ok) {
          const cause = NatsCause.received(message.headers, message.seq);
          stored.push({ seq: message.seq, target, event: decoded.event, cause });
        }
      }
      if (message.seq >= floor.delivered || message.info.pending === 0) break;
    }
  } finally {
    await messages.close();
    await jsm.consumers.delete(settings.stream, name).catch(() => undefined);
  }
  return stored;
}
