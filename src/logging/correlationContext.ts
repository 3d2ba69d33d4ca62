import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

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
    return storage.run(id, () => work(id));
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
    return storage.run(correlationId, work, first, second);
  },
  /** The id of the innermost scope, or undefined outside any scope. */
  current(): string | undefined {
    return storage.getStore();
  },
};
