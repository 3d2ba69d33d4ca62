/**
 * An example service of your own: it counts the candles it sees per symbol and, when it shuts down, hands the
 * counts to a sink (a file, a database; here an array). `brokenCandleCounter` is the same service with a
 * shutdown that never finishes, the kind of bug the lifecycle model catches (see modelTestOwnService.ts).
 */
import { defineService, type ServiceDefinition } from 'tradestate';

export interface CandleCounts {
  bySymbol: Map<string, number>;
  startedAt: number;
}

/** Where the counts go at shutdown. */
export type CountSink = Array<Record<string, number>>;

export function candleCounter(
  options: { name?: string; sink?: CountSink } = {},
): ServiceDefinition<CandleCounts> {
  const name = options.name ?? 'candle_counter';
  return defineService<CandleCounts>({
    name,
    displayName: `CandleCounter(${name})`,
    initialize: (context) => ({ bySymbol: new Map(), startedAt: context.clock.now() }),
    subscribe: (state) => ({
      NewCandleEvent: (event) => {
        state.bySymbol.set(event.symbol, (state.bySymbol.get(event.symbol) ?? 0) + 1);
      },
    }),
    async shutdown(state) {
      await Promise.resolve(); // a real sink would write here
      options.sink?.push(Object.fromEntries(state.bySymbol));
    },
    health: (state) => ({ healthy: state.startedAt > 0 }),
    metrics: (state) => ({ symbols_counted: state.bySymbol.size }),
  });
}

/** The same service with a bug: its shutdown waits for something that never comes. */
export function brokenCandleCounter(): ServiceDefinition<CandleCounts> {
  return { ...candleCounter(), shutdown: () => new Promise<void>(() => undefined) };
}
