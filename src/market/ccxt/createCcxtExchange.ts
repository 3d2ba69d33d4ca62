import type { Exchange } from 'ccxt';
import { ExchangeSetupError } from './exchangeSetupError.js';

/** How to reach one exchange: `trading.data_source` (type ccxt) plus, for real orders, the credentials. */
export interface ExchangeSettings {
  exchange: string;
  sandbox?: boolean;
  api_url?: string | undefined;
  exchange_options?: Record<string, unknown>;
  /** Prefer the WebSocket client (ccxt.pro) when the exchange has one. */
  streaming?: boolean;
  credentials?: { apiKey: string; secret: string; password?: string | undefined };
}

/**
 * A ccxt client for `settings.exchange`: rate limits on (`enableRateLimit`), the given ccxt options, the
 * sandbox/testnet when asked (an exchange without one is an error rather than a silent real venue), and every
 * URL's host replaced by `api_url` when set. ccxt is loaded on first use: runs without an exchange never pay
 * for it.
 *
 * @example
 * ```ts
 * const exchange = await createCcxtExchange({ exchange: 'binance', sandbox: true });
 * await exchange.loadMarkets();
 * ```
 */
export async function createCcxtExchange(settings: ExchangeSettings): Promise<Exchange> {
  const ccxt = (await import('ccxt')).default;
  const ids = ccxt.exchanges as string[];
  if (!ids.includes(settings.exchange)) {
    throw ExchangeSetupError.unknown('exchange', settings.exchange, ids, 'ccxt');
  }
  const pro = ccxt.pro as unknown as Record<string, new (config: object) => Exchange>;
  const rest = ccxt as unknown as Record<string, new (config: object) => Exchange>;
  const ExchangeClass = (settings.streaming ? pro[settings.exchange] : undefined) ?? rest[settings.exchange]!;
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    options: { ...(settings.exchange_options ?? {}) },
    ...(settings.credentials
      ? {
          apiKey: settings.credentials.apiKey,
          secret: settings.credentials.secret,
          ...(settings.credentials.password ? { password: settings.credentials.password } : {}),
        }
      : {}),
  });
  if (settings.sandbox) {
    // Some exchanges declare a `test` entry with no URLs in it: that is no sandbox either.
    const test = (exchange.urls as Record<string, unknown>).test;
    try {
      if (test === undefined || (typeof test === 'object' && Object.keys(test as object).length === 0))
        throw new Error('no sandbox URLs');
      exchange.setSandboxMode(true);
    } catch {
      throw new ExchangeSetupError(
        `${settings.exchange} has no sandbox/testnet in ccxt: set trading.data_source.sandbox to false (and trade with care)`,
      );
    }
  }
  if (settings.api_url) {
    redirectUrls(exchange, settings.api_url);
    // ccxt opens plain ws:// connections only through an http agent it must be told to load.
    if (settings.api_url.startsWith('http:')) await exchange.loadHttpProxyAgent();
  }
  return exchange;
}

/**
 * Replaces scheme, host and port of every API URL (REST and WebSocket) by those of `base`, keeping paths:
 * `https://api.binance.com/api/v3` → `http://127.0.0.1:8080/api/v3`, `wss://stream.binance.com:9443/ws` →
 * `ws://127.0.0.1:8080/ws`.
 */
function redirectUrls(exchange: Exchange, base: string): void {
  const target = new URL(base);
  const secure = target.protocol === 'https:';
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!/^(https?|wss?):\/\//.test(value)) return value;
      const url = new URL(value);
      const websocket = url.protocol.startsWith('ws');
      const protocol = websocket ? (secure ? 'wss:' : 'ws:') : target.protocol;
      return `${protocol}//${target.host}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
    }
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = Array.isArray(value)
        ? ([] as unknown as Record<string, unknown>)
        : {};
      for (const [key, inner] of Object.entries(value)) copy[key] = rewrite(inner);
      return copy;
    }
    return value;
  };
  const urls = exchange.urls as Record<string, unknown>;
  urls.api = rewrite(urls.api);
  if (urls.test !== undefined) urls.test = rewrite(urls.test);
}
