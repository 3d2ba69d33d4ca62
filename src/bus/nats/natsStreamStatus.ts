import { JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { NatsRunBoundary } from './natsRunBoundary.js';

/** JetStream's error code for "stream not found". */
const STREAM_NOT_FOUND = 10059;

/** One durable consumer as `tradestate nats status` shows it. */
export interface DurableStatus {
  name: string;
  filter: string;
  /** Messages matching its filter not delivered yet. */
  pending: number;
  /** Delivered and not acknowledged yet (in the hands of a process, or of one that died). */
  ackPending: number;
  /** Stream sequence of the last message delivered to it. */
  delivered: number;
  /** Nothing delivered since the current run began: left from an earlier run (restarts at the current). */
  fromEarlierRun: boolean;
}

/** What a stream holds: its size, its runs, its dead letters and its durables. */
export interface NatsStreamStatus {
  stream: string;
  exists: boolean;
  messages: number;
  firstSequence: number;
  lastSequence: number;
  /** Runs that ended with an `EndOfDataEvent`. */
  finishedRuns: number;
  /** Stream sequence of the last `EndOfDataEvent` (0: none): the current run starts after it. */
  currentRunStartsAfter: number;
  /** Messages stored since the last run ended (0: no run in progress). */
  currentRunMessages: number;
  deadLetters: number;
  durables: DurableStatus[];
}

/**
 * Reads what runs left behind on the stream: for `tradestate nats status`, and to decide whether a reset is
 * needed (durables of roles no longer run keep a lockstep producer waiting).
 *
 * @example
 * ```ts
 * const status = await inspectNatsStream(jsm, 'TRADESTATE', 'tradestate');
 * status.durables.filter((durable) => durable.pending + durable.ackPending > 0); // who the producer waits for
 * ```
 */
export async function inspectNatsStream(
  jsm: JetStreamManager,
  stream: string,
  prefix: string,
): Promise<NatsStreamStatus> {
  const empty: NatsStreamStatus = {
    stream,
    exists: false,
    messages: 0,
    firstSequence: 0,
    lastSequence: 0,
    finishedRuns: 0,
    currentRunStartsAfter: 0,
    currentRunMessages: 0,
    deadLetters: 0,
    durables: [],
  };
  let info: Awaited<ReturnType<JetStreamManager['streams']['info']>>;
  try {
    info = await jsm.streams.info(stream, { subjects_filter: `${prefix}.>` });
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) return empty;
    throw error;
  }
  const subjects = info.state.subjects ?? {};
  const count = (match: (subject: string) => boolean) =>
    Object.entries(subjects).reduce((sum, [subject, n]) => sum + (match(subject) ? n : 0), 0);
  const endOfData = `${prefix}.EndOfDataEvent.`;
  const runStartsAfter = await NatsRunBoundary.lastEndOfData(jsm.jetstream(), jsm, stream, prefix);
  const durables: DurableStatus[] = [];
  for await (const consumer of jsm.consumers.list(stream)) {
    if (consumer.config.durable_name === undefined) continue;
    durables.push({
      name: consumer.name,
      filter: consumer.config.filter_subject ?? '>',
      pending: consumer.num_pending,
      ackPending: consumer.num_ack_pending,
      delivered: consumer.delivered.stream_seq,
      fromEarlierRun: consumer.delivered.stream_seq < runStartsAfter,
    });
  }
  durables.sort((left, right) => left.name.localeCompare(right.name));
  return {
    stream,
    exists: true,
    messages: info.state.messages,
    firstSequence: info.state.first_seq,
    lastSequence: info.state.last_seq,
    finishedRuns: count((subject) => subject.startsWith(endOfData)),
    currentRunStartsAfter: runStartsAfter,
    currentRunMessages: Math.max(0, info.state.last_seq - runStartsAfter),
    deadLetters: count((subject) => subject.startsWith(`${prefix}.deadletter.`)),
    durables,
  };
}
