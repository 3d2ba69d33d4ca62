import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/**
 * The scope entered last by `run`/`runWith` whose work is still on the stack, and the async id it was
 * entered under. While synchronous code runs inside that work (same async id), the scope is this one, and
 * `current()` answers without asking the storage: its lookup walks the async resource stack, and a
 * backtest asks several times a bar (each event's delivery, each event without a cause). Promise
 * continuations and async resources run under other async ids, so they read the storage as before.
 */
let entered: string | undefined;
let enteredAsyncId = -1;

/**
 * The specification's `CorrelationContext`: runs `work` inside a scope whose correlation id is adopted from
 * `correlationId` or created. Every log line and every event published inside the scope carries the id,
 * across `await`s.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * declare function fetchData(): Promise<void>;
 * declare const event: TradingEvent;
 * const logger = pino({ level: 'silent' });
 * await CorrelationContext.run(async (id) => {
 *   logger.info('Processing'); // carries `id`
 *   await fetchData();
 *   bus.publish(event);        // event.correlationId === id
 * });
 * ```
 */
export const CorrelationContext = {
  run<T>(work: (correlationId: string) => T, correlationId?: string): T {
    const id = correlationId ?? randomUUID().slice(0, 8);
    return CorrelationContext.runWith(id, work, id, undefined);
  },
  /**
   * `work(first, second)` inside a scope of `correlationId`, without allocating a closure: for hot paths
   * such as the event bus, which enters the scope of each event it delivers.
   *
   * @example
   * ```ts
   * CorrelationContext.runWith('a1b2c3d4', (a: number, b: number) => a + b, 1, 2); // 3
   * ```
   */
  runWith<A, B, R>(correlationId: string, work: (first: A, second: B) => R, first: A, second: B): R {
    const outer = entered;
    const outerAsyncId = enteredAsyncId;
    entered = correlationId;
    enteredAsyncId = executionAsyncId();
    try {
      return storage.run(correlationId, work, first, second);
    } finally {
      entered = outer;
      enteredAsyncId = outerAsyncId;
    }
  },
  /** The id of the innermost scope, or undefined outside any scope. */
  current(): string | undefined {
    if (enteredAsyncId !== -1 && executionAsyncId() === enteredAsyncId) return entered;
    return storage.getStore();
  },
};
