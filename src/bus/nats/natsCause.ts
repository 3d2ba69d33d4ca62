import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where an event stands in the causal chain of the candles, as one process would handle it: `candle` is
 * the stream sequence of the `NewCandleEvent` it descends from, `depth` the number of handlers between
 * (0 for the candle itself, 1 for the indicators and fills it caused, 2 for the signals, ...).
 */
export interface Cause {
  candle: number;
  depth: number;
}

/** Headers that carry a {@link Cause} from the handler that published an event to its consumers. */
const CANDLE_HEADER = 'tradestate-cause';
const DEPTH_HEADER = 'tradestate-depth';

const storage = new AsyncLocalStorage<Cause>();

/** What a header set needs to offer: the NATS `MsgHdrs` reading side. */
interface HeaderReader {
  get(name: string): string;
}

/**
 * The cause of the message a handler is running for, kept across `await`s, so that what the handler
 * publishes carries it on (`tradestate-cause`, `tradestate-depth`). The pipelined cross-process mode orders
 * each process's inputs by it (see `PipelineBarrier`), a restarted process replays by it, and the
 * cross-process bench times each order from the candle it names.
 *
 * @example
 * ```ts
 * const cause = NatsCause.received(message.headers, message.seq); // a candle: { candle: seq, depth: 0 }
 * await NatsCause.run(cause, () => handler(event));
 * NatsCause.current(); // inside the handler: the same cause
 * ```
 */
export const NatsCause = {
  candleHeader: CANDLE_HEADER,
  depthHeader: DEPTH_HEADER,

  run<T>(cause: Cause, work: () => T): T {
    return storage.run(cause, work);
  },

  /** The cause of the message being handled, or undefined outside a handler (a candle being produced). */
  current(): Cause | undefined {
    return storage.getStore();
  },

  /** The cause of a received message: from its headers, or the message itself when it has none (a candle). */
  received(headers: HeaderReader | undefined, seq: number): Cause {
    const candle = Number(headers?.get(CANDLE_HEADER) || Number.NaN);
    const depth = Number(headers?.get(DEPTH_HEADER) || Number.NaN);
    if (Number.isInteger(candle) && Number.isInteger(depth)) return { candle, depth };
    return { candle: seq, depth: 0 };
  },

  /** The cause an event published inside `cause`'s handler carries: one step further down the chain. */
  next(cause: Cause): Cause {
    return { candle: cause.candle, depth: cause.depth + 1 };
  },
};
