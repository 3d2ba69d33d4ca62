import type { Broker, Position } from './broker.js';

/** Each symbol's positions by index, per list: a list is never resized in place (see `applyMark`). */
const indexes = new WeakMap<readonly Position[], Map<string, number[]>>();
const NONE: readonly number[] = Object.freeze([]);
let lastList: readonly Position[] | undefined;
let lastIndex: Map<string, number[]> | undefined;

/**
 * Where the positions of `symbol` are in `positions`, in list order. Built once per list: the paper
 * broker keeps its list from one fill to the next, so a bar of one symbol no longer walks every symbol's
 * positions (stops, margin, recovered exits) when many symbols are open.
 *
 * @example
 * ```ts
 * const positions = broker.getPositions();
 * for (const index of positionIndices(positions, 'EURUSD')) console.log(positions[index]!.strategyName);
 * ```
 */
export function positionIndices(positions: readonly Position[], symbol: string): readonly number[] {
  let index = positions === lastList ? lastIndex : indexes.get(positions);
  if (index === undefined) {
    index = new Map();
    for (let at = 0; at < positions.length; at++) {
      const held = positions[at]!.symbol;
      const list = index.get(held);
      if (list === undefined) index.set(held, [at]);
      else list.push(at);
    }
    indexes.set(positions, index);
  }
  lastList = positions;
  lastIndex = index;
  return index.get(symbol) ?? NONE;
}

/**
 * The broker's index of the positions of `symbol` (see {@link positionIndices}) when it keeps one, as the
 * paper broker does; undefined for a broker whose list may change in place: walk the whole list then.
 *
 * @example
 * ```ts
 * const indices = brokerPositionIndices(broker, 'EURUSD') ?? broker.getPositions().map((_, index) => index);
 * ```
 */
export function brokerPositionIndices(broker: Broker, symbol: string): readonly number[] | undefined {
  return (broker as Partial<{ positionIndices(symbol: string): readonly number[] }>).positionIndices?.(
    symbol,
  );
}
