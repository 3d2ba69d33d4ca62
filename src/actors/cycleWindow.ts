/**
 * Whether the trading loop is running the synchronous part of a cycle. While it is open, a service may
 * leave work for the cycle's end (its `afterCycle` hook) instead of handing it to a promise: the loop runs
 * that work before the cycle ends, in the order it was left, as the microtasks it replaces would have run
 * it (the trade execution service's signals: a backtest then takes no promise on the bars that signal).
 * Closed outside cycles and once the cycle waits on a promise: work arriving then takes the promise path.
 *
 * @example
 * ```ts
 * declare const context: ServiceContext;
 * if (context.cycle.open) queued.push(signal); // executed by the service's afterCycle hook
 * ```
 */
export interface CycleWindow {
  readonly open: boolean;
}
