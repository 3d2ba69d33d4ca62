import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import { BROKER_SIDE } from './brokerSideExit.js';
import type { BarExecution, ExecutionResult } from './executionTypes.js';

/**
 * Reports a bar's result once it is settled, without a signal for broker-side exits (no strategy asked
 * for them, so none is told of them as its own order).
 *
 * @example
 * ```ts
 * settleBarResult(broker.placeOrder(order), ({ result }) => console.log(result.status), signal);
 * ```
 */
export function settleBarResult(
  outcome: ExecutionResult | Promise<ExecutionResult>,
  report: (execution: BarExecution) => void,
  signal?: EntrySignalEvent | ExitSignalEvent,
): void {
  // Synchronous brokers (the paper broker) answer at once: no closure per bar and order for them.
  if (outcome instanceof Promise) void outcome.then((result) => deliverBarResult(result, report, signal));
  else deliverBarResult(outcome, report, signal);
}

function deliverBarResult(
  result: ExecutionResult,
  report: (execution: BarExecution) => void,
  signal: EntrySignalEvent | ExitSignalEvent | undefined,
): void {
  report(signal === undefined || signal.eventId.endsWith(BROKER_SIDE) ? { result } : { result, signal });
}
