import type { Exchange, OHLCV } from 'ccxt';
import type { Candle } from '../../events/candle.js';

/** Options of {@link fetchCandleRange}. */
export interface CandleRangeOptions {
  /** Candles per request (the exchange may cap it lower). */
  pageSize?: number;
  /** Called after each page with the candles it added, for progress and resumable writes. */
  onPage?: (candles: readonly Candle[]) => Promise<void> | void;
}

/**
 * Every candle of `market` and `timeframe` with `from <= time < to`, oldest first, page by page through
 * `fetchOHLCV(since)` (ccxt paces the requests: `enableRateLimit`). Stops at `to`, at an empty page, or when
 * a page brings nothing newer (the exchange has no more).
 *
 * @example
 * ```ts
 * const bars = await fetchCandleRange(exchange, 'BTC/USDT', '1h', Date.parse('2024-01-01'), Date.parse('2024-02-01'));
 * ```
 */
export async function fetchCandleRange(
  exchange: Exchange,
  market: string,
  timeframe: string,
  from: number,
  to: number,
  options: CandleRangeOptions = {},
): Promise<Candle[]> {
  const all: Candle[] = [];
  let since = from;
  let last = Number.NEGATIVE_INFINITY;
  while (since < to) {
    const page = await exchange.fetchOHLCV(market, timeframe, since, options.pageSize ?? 1000);
    const fresh = page
      .map(toCandle)
      .filter((candle) => candle.time > last && candle.time >= from && candle.time < to);
    if (fresh.length === 0) break;
    all.push(...fresh);
    last = fresh[fresh.length - 1]!.time;
    await options.onPage?.(fresh);
    since = last + 1;
  }
  return all;
}

/** ccxt's `[time, open, high, low, close, volume]` as a tradestate candle (a missing volume is 0). */
export function toCandle(row: OHLCV): Candle {
  const [time, open, high, low, close, volume] = row as number[];
  return { time: time!, open: open!, high: high!, low: low!, close: close!, volume: volume ?? 0 };
}
