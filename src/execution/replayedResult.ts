import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { Broker, OrderRequest } from './broker.js';
import type { ExecutionResult, OrderOutbox } from './executionTypes.js';
import type { FillLookup } from './fillLookup.js';

/**
 * The result of a signal whose order the outbox already holds (replayed after a restart). A filled one is
 * reported `filled` again with the broker's fill, without calling the broker, so that consumers restored
 * from an older checkpoint (the entry manager) catch up; a rejected one is rejected again. Undefined: a
 * new order.
 *
 * @example
 * ```ts
 * const replay = replayedResult(outbox, fillLookup, broker, id, signal, time, 'open');
 * if (replay !== undefined) return replay;
 * ```
 */
export function replayedResult(
  outbox: OrderOutbox | undefined,
  fillLookup: FillLookup,
  broker: Broker,
  id: string,
  signal: EntrySignalEvent | ExitSignalEvent,
  time: number,
  intent: 'open' | 'close',
): ExecutionResult | undefined {
  const existing = outbox?.find(id);
  if (existing === undefined) return undefined;
  if (existing.status === 'rejected') return { status: 'rejected', reason: existing.reason ?? 'rejected' };
  const fill = existing.status === 'filled' ? fillLookup.find(broker.getFills(), id) : undefined;
  if (fill === undefined) return { status: 'ignored', reason: 'duplicate_order' };
  const order: OrderRequest = {
    clientOrderId: id,
    symbol: signal.symbol,
    direction: signal.direction,
    size: fill.size,
    intent,
    strategyName: signal.strategy_name,
    referencePrice: signal.price,
    time,
  };
  return { status: 'filled', fill, order, replayed: true };
}
