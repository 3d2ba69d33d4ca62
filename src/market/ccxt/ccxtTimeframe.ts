import { timeframeToMilliseconds } from '../timeframeToMilliseconds.js';

const units: ReadonlyArray<[suffix: string, minutes: number]> = [
  ['M', 43_200],
  ['w', 10_080],
  ['d', 1_440],
  ['h', 60],
  ['m', 1],
];

/**
 * The exchange's name ('1m', '1h', '1d') of a tradestate timeframe (minutes as a string), picked among the
 * exchange's own `timeframes` so that '60' becomes '1h' where the exchange has no '60m'. Undefined when the
 * exchange has no such timeframe.
 *
 * @example
 * ```ts
 * toExchangeTimeframe('60', { '1m': '1m', '1h': '1h' }); // '1h'
 * ```
 */
export function toExchangeTimeframe(
  minutes: string,
  available: Readonly<Record<string, unknown>>,
): string | undefined {
  const total = timeframeToMilliseconds(minutes) / 60_000;
  for (const [suffix, size] of units) {
    const name = `${total / size}${suffix}`;
    if (total % size === 0 && name in available) return name;
  }
  return undefined;
}

/**
 * Minutes (tradestate's timeframe) of an exchange timeframe name ('15m' → '15', '4h' → '240'), or the
 * text itself when it is already whole minutes. Undefined for anything else.
 *
 * @example
 * ```ts
 * fromExchangeTimeframe('4h'); // '240'
 * ```
 */
export function fromExchangeTimeframe(name: string): string | undefined {
  if (/^[1-9]\d*$/.test(name)) return name;
  const match = /^([1-9]\d*)([mhdwM])$/.exec(name);
  if (!match) return undefined;
  const size = units.find(([suffix]) => suffix === match[2])![1];
  return String(Number(match[1]) * size);
}
