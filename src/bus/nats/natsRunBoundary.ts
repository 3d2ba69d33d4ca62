import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

/**
 * Where the current run starts in the stream. A run is everything published since the last
 * `EndOfDataEvent` (the producer's announcement that a run is over): a process that starts rebuilds its
 * state from the current run only, and its durables skip what earlier runs left behind. So the README's
 * three commands can be run again on the same stream, without a reset, and give the same orders.
 *
 * @example
 * ```ts
 * const after = await NatsRunBoundary.lastEndOfData(js, jsm, 'TRADESTATE', 'tradestate');
 * // the current run is stream sequences after..∞ (0: the stream holds a single run)
 * ```
 */
export const NatsRunBoundary = {
  /** The subject every run's `EndOfDataEvent` is stored on (service events carry no symbol: `_`). */
  subject(prefix: string): string {
    return `${prefix}.EndOfDataEvent.>`;
  },

  /** The stream sequence of the last `EndOfDataEvent`, or 0 when the stream holds none. */
  async lastEndOfData(
    js: JetStreamClient,
    jsm: JetStreamManager,
    stream: string,
    prefix: string,
  ): Promise<number> {
    const filter = NatsRunBoundary.subject(prefix);
    const info = await jsm.streams.info(stream, { subjects_filter: filter });
    const stored = Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
    if (stored === 0) return 0;
    // Read through a consumer filtered on the announcement (which every role may consume), not with a
    // direct message get, which would let a role read any subject.
    const reader = await js.consumers.get(stream, {
      filter_subjects: filter,
      deliver_policy: DeliverPolicy.LastPerSubject,
    });
    try {
      const message = await reader.next({ expires: 5_000 });
      return message?.seq ?? 0;
    } finally {
      await reader.delete().catch(() => undefined);
    }
  },
};
