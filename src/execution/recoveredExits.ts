import type { Candle } from '../events/candle.js';
import type { Broker, OrderRequest } from './broker.js';
import { brokerSideOrderFields } from './brokerSideExit.js';
import type { BarExecution } from './executionTypes.js';
import { brokerPositionIndices } from './positionIndex.js';

/**
 * Stops and targets of `symbol` whose position is already gone: closed by an order that reconciliation
 * re-sent after a crash in this very bar. Each such fill is reported again (the strategies, restored from
 * the checkpoint before it, still hold the position) and its levels are dropped from `levels` (the
 * symbol's own, by strategy). Runs on every bar with levels held in the symbol, so the common case (every
 * level has its position) allocates nothing.
 *
 * @example
 * ```ts
 * reportRecoveredExits(levels, broker, 'EURUSD', bar, ({ result }) => console.log(result.status)); // 'filled'
 * ```
 */
export function reportRecoveredExits(
  levels: Map<string, unknown>,
  broker: Broker,
  symbol: string,
  bar: Candle,
  report: (execution: BarExecution) => void,
): void {
  // Deleting the entry being visited is safe while iterating a Map.
  for (const strategyName of levels.keys()) {
    if (holdsPosition(broker, symbol, strategyName)) continue;
    levels.delete(strategyName);
    const fill = findLast(
      broker.getFills(),
      (candidate) => candidate.symbol === symbol && candidate.strategyName === strategyName,
    );
    if (fill === undefined || fill.intent !== 'close' || fill.time !== bar.time) continue;
    const order: OrderRequest = {
      clientOrderId: fill.clientOrderId,
      symbol,
      direction: fill.direction,
      size: fill.size,
      intent: 'close',
      strategyName,
      referencePrice: fill.price,
      time: fill.time,
      ...brokerSideOrderFields(fill.clientOrderId),
    };
    report({ result: { status: 'filled', fill, order, replayed: true } });
  }
}

/** Whether a position of `symbol` has the level key `key`: matched against the key, without slicing it. */
function holdsPosition(broker: Broker, symbol: string, strategy: string): boolean {
  const positions = broker.getPositions();
  // Only the symbol's positions when the broker indexes them (the paper broker).
  const indices = brokerPositionIndices(broker, symbol);
  const count = indices === undefined ? positions.length : indices.length;
  for (let next = 0; next < count; next++) {
    const { symbol: held, strategyName } = positions[indices === undefined ? next : indices[next]!]!;
    if (held === symbol && strategyName === strategy) return true;
  }
  return false;
}

function findLast<T>(items: readonly T[], matches: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) if (matches(items[index]!)) return items[index];
  return undefined;
}
