/**
 * The deterministic, readable id of the order a signal produces:
 * `<strategy>:<symbol>:<timeframe>:<candle time, compact ISO UTC>:<intent>`. The same signal replayed (after a
 * restart, or in a second backtest over the same data) maps to the same id, so a broker or the executor can
 * recognise a duplicate instead of trading twice.
 *
 * @example
 * ```ts
 * clientOrderId('ema_cross', 'EURUSD', '5', Date.parse('2025-01-06T10:05:00Z'), 'open');
 * // 'ema_cross:EURUSD:5:20250106T100500Z:open'
 * ```
 */
export function clientOrderId(
  strategyName: string,
  symbol: string,
  timeframe: string,
  candleTime: number,
  intent: 'open' | 'close',
): string {
  // Compact ISO without separators or milliseconds keeps the id short and still readable.
  const time = new Date(candleTime)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${strategyName}:${symbol}:${timeframe}:${time}:${intent}`;
}
