import { createHash } from 'node:crypto';
import { clientOrderId } from '../clientOrderId.js';

/** The parts of tradestate's client order id (see `clientOrderId`) that the exchange id encodes. */
export interface ClientOrderIdParts {
  strategyName: string;
  symbol: string;
  timeframe: string;
  candleTime: number;
  intent: 'open' | 'close';
}

const pattern = /^ts([0-9a-f]{8})([oc])(\d+)t([0-9a-z]+)$/;

/**
 * The exchange's client order id of a tradestate order: `ts<hash of strategy and symbol><o|c><timeframe>t<candle
 * seconds, base 36>`, letters and digits only and at most 32 characters, which every ccxt exchange accepts
 * (Binance allows 36 of `[a-zA-Z0-9-_]`, OKX 32 alphanumerics). Deterministic like the readable id, so a
 * replayed signal maps to the same exchange order; {@link parseExchangeClientOrderId} maps it back.
 *
 * @example
 * ```ts
 * exchangeClientOrderId({ strategyName: 'ema_cross', symbol: 'BTC/USDT', timeframe: '1', candleTime: Date.parse('2025-01-06T10:05:00Z'), intent: 'open' });
 * // 'ts' + 8 hex digits + 'o1t' + 'sprlg0' (the candle's seconds in base 36)
 * ```
 */
export function exchangeClientOrderId(parts: ClientOrderIdParts): string {
  const seconds = Math.floor(parts.candleTime / 1000).toString(36);
  return `ts${strategyHash(parts.strategyName, parts.symbol)}${parts.intent === 'open' ? 'o' : 'c'}${parts.timeframe}t${seconds}`;
}

/**
 * The readable tradestate id (`ema_cross:BTC/USDT:1:20250106T100500Z:open`) of an exchange client order id
 * found on `symbol`, when it is one of ours and its strategy is among `strategyNames`; otherwise undefined
 * (an order placed by hand or by another program).
 *
 * @example
 * ```ts
 * parseExchangeClientOrderId(trade.clientOrderId, 'BTC/USDT', ['ema_cross']); // 'ema_cross:BTC/USDT:1:...:open'
 * ```
 */
export function parseExchangeClientOrderId(
  id: string | undefined,
  symbol: string,
  strategyNames: readonly string[],
): (ClientOrderIdParts & { clientOrderId: string }) | undefined {
  const match = id === undefined ? null : pattern.exec(id);
  if (!match) return undefined;
  const strategyName = strategyNames.find((name) => strategyHash(name, symbol) === match[1]);
  if (strategyName === undefined) return undefined;
  const parts: ClientOrderIdParts = {
    strategyName,
    symbol,
    timeframe: match[3]!,
    candleTime: Number.parseInt(match[4]!, 36) * 1000,
    intent: match[2] === 'o' ? 'open' : 'close',
  };
  return {
    ...parts,
    clientOrderId: clientOrderId(strategyName, symbol, parts.timeframe, parts.candleTime, parts.intent),
  };
}

/**
 * The parts of a readable tradestate id, given the order's strategy and symbol (both may contain `:`, so
 * the id is read from its end).
 *
 * @example
 * ```ts
 * splitClientOrderId('ema_cross:BTC/USDT:1:20250106T100500Z:open', 'ema_cross', 'BTC/USDT').timeframe; // '1'
 * ```
 */
export function splitClientOrderId(id: string, strategyName: string, symbol: string): ClientOrderIdParts {
  const [timeframe = '', compact = '', intent] = id.slice(`${strategyName}:${symbol}:`.length).split(':');
  const iso = compact.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  return {
    strategyName,
    symbol,
    timeframe,
    candleTime: Date.parse(iso),
    intent: intent === 'close' ? 'close' : 'open',
  };
}

function strategyHash(strategyName: string, symbol: string): string {
  return createHash('sha256').update(`${strategyName}\u0000${symbol}`).digest('hex').slice(0, 8);
}
