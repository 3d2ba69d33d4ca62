import { z } from 'zod';

/**
 * The `trading.data_source` fields of `type: ccxt` (live candles from an exchange through ccxt). Kept in
 * their own file so the exchange connection's settings read together; spread into `DataSourceConfigSchema`.
 */
export const CcxtSourceFields = {
  exchange: z
    .string()
    .min(1)
    .optional()
    .describe(
      'ccxt exchange id (type ccxt), e.g. binance, kraken, okx (an unknown id names the close matches)',
    ),
  sandbox: z
    .boolean()
    .default(false)
    .describe("Use the exchange's sandbox/testnet (type ccxt); orders and data then come from there"),
  api_url: z
    .string()
    .url()
    .optional()
    .describe(
      "Replace the host of every exchange URL with this one, paths kept (a proxy, a local mirror, the tests' simulated venue)",
    ),
  history_bars: z
    .number()
    .int()
    .min(0)
    .default(200)
    .describe('Closed bars loaded at start for indicator warm-up (type ccxt)'),
  stream: z
    .enum(['auto', 'poll'])
    .default('auto')
    .describe(
      'auto: watchOHLCV when the exchange streams candles, else polling; poll: always fetchOHLCV every fetch_interval',
    ),
  reconnect_initial_ms: z
    .number()
    .int()
    .min(0)
    .default(1_000)
    .describe('Wait before the first reconnect of a dropped candle stream; doubles per failure'),
  reconnect_max_ms: z
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe('Longest wait between reconnects of the candle stream'),
  exchange_options: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      "ccxt `options` of the exchange, e.g. { defaultType: spot } or binance's { fetchMarkets: { types: [spot] } }",
    ),
};

/** The `trading.broker` fields used by the exchange broker (`run --live-trading`). */
export const CcxtBrokerFields = {
  api_password: z
    .string()
    .optional()
    .describe('Secret: API password/passphrase, for exchanges that want one (from the environment)'),
  order_type: z
    .enum(['market', 'limit'])
    .default('market')
    .describe('Exchange orders (--live-trading): market, or limit at the decision price'),
  order_timeout_seconds: z
    .number()
    .positive()
    .default(30)
    .describe('How long a live order may stay unfilled before it is cancelled and counted as rejected'),
  max_order_age_seconds: z
    .number()
    .positive()
    .default(300)
    .describe(
      'An order decided longer ago is not sent (--live-trading): after a long restart the market has moved on',
    ),
  reconcile_hours: z
    .number()
    .positive()
    .default(48)
    .describe('Trades this far back are read at start to find orders sent before a restart (--live-trading)'),
};
