import type { Candle } from '../events/candle.js';
import type { DataSource } from './dataSource.js';
import { UnknownSymbolError } from './unknownSymbolError.js';

/**
 * A feed of candles for one symbol: an array, a generator, or an async generator.
 *
 * @example
 * ```ts
 * const fetchBars = async (symbol: string): Promise<Candle[]> => symbol === 'EURUSD' ? [new EventBuilders().candle({ close: 1.1 })] : [];
 * const feed: CandleFeed = (async function* () { yield* await fetchBars('EURUSD'); })();
 * const source = new IterableDataSource({ EURUSD: feed });
 * ```
 */
export type CandleFeed = Iterable<Candle> | AsyncIterable<Candle>;

/**
 * Wraps one (async) iterable of candles per symbol as a {@link DataSource}: the quickest way to plug in
 * your own bars (an array, a generator over a database cursor, an async generator over a websocket).
 * A sync iterable answers synchronously; an async one returns a promise from `next()`, which waits
 * for the iterable's next value, so a live feed that must not block should implement `DataSource`
 * directly. The feed counts as exhausted once its iterator reports `done`.
 *
 * @example
 * ```ts
 * const bars = new EventBuilders();
 * async function* fromMyBroker(): AsyncGenerator<Candle> { yield bars.candle({ close: 1.1 }); }
 * const gbpusdBars: Candle[] = [bars.candle({ close: 1.27 })];
 * const source = new IterableDataSource({ EURUSD: fromMyBroker(), GBPUSD: gbpusdBars });
 * await source.next('EURUSD'); // first bar
 * ```
 */
export class IterableDataSource implements DataSource {
  readonly name: string;
  private readonly feeds: Map<string, CandleFeed>;
  private readonly iterators = new Map<string, Iterator<Candle> | AsyncIterator<Candle>>();
  private readonly finished = new Set<string>();

  constructor(feeds: Record<string, CandleFeed> | Map<string, CandleFeed>, name = 'iterable') {
    this.feeds = feeds instanceof Map ? new Map(feeds) : new Map(Object.entries(feeds));
    this.name = name;
  }

  next(symbol: string): Promise<Candle | undefined> | Candle | undefined {
    if (this.finished.has(symbol)) return undefined;
    const iterator = this.iterator(symbol);
    const result = iterator.next();
    if (typeof (result as PromiseLike<unknown>).then === 'function') {
      return Promise.resolve(result as PromiseLike<IteratorResult<Candle>>).then((step) =>
        this.take(symbol, step),
      );
    }
    return this.take(symbol, result as IteratorResult<Candle>);
  }

  isExhausted(symbol: string): boolean {
    if (!this.feeds.has(symbol)) throw new UnknownSymbolError(this.name, symbol, [...this.feeds.keys()]);
    return this.finished.has(symbol);
  }

  /** Ends every iterator still open (runs generators' `finally` blocks: closes cursors, sockets). */
  async close(): Promise<void> {
    const open = [...this.iterators.entries()].filter(([symbol]) => !this.finished.has(symbol));
    for (const [symbol, iterator] of open) {
      this.finished.add(symbol);
      await iterator.return?.();
    }
  }

  private take(symbol: string, step: IteratorResult<Candle>): Candle | undefined {
    if (step.done) {
      this.finished.add(symbol);
      return undefined;
    }
    return step.value;
  }

  private iterator(symbol: string): Iterator<Candle> | AsyncIterator<Candle> {
    let iterator = this.iterators.get(symbol);
    if (iterator === undefined) {
      const feed = this.feeds.get(symbol);
      if (feed === undefined) throw new UnknownSymbolError(this.name, symbol, [...this.feeds.keys()]);
      iterator =
        Symbol.asyncIterator in feed
          ? (feed as AsyncIterable<Candle>)[Symbol.asyncIterator]()
          : (feed as Iterable<Candle>)[Symbol.iterator]();
      this.iterators.set(symbol, iterator);
    }
    return iterator;
  }
}
