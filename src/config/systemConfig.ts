import { z } from 'zod';
import { CcxtBrokerFields, CcxtSourceFields } from './ccxtConfig.js';
import { ServicesConfigSchema } from './servicesConfig.js';

/**
 * The configuration tree (the specification's `SystemConfig`). Keys are snake_case as in the specification's YAML; every
 * default lives here; unknown keys are rejected. The `description` of each field feeds the README's
 * configuration reference and `config/services.yaml`.
 */

const seconds = (description: string) => z.number().positive().describe(description);
const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour, UTC)')
  .describe('HH:MM, UTC');

export const EventBusConfigSchema = z
  .strictObject({
    mode: z
      .enum(['sync', 'async'])
      .default('sync')
      .describe('sync: delivered before publish returns; async: queued'),
    history_size: z.number().int().min(0).default(1000).describe('Recent events kept for queries'),
    max_queue_size: z.number().int().min(1).default(100_000).describe('Bound of the async queue'),
    overflow_policy: z
      .enum(['drop_oldest', 'drop_newest', 'error'])
      .default('drop_oldest')
      .describe('What a full async queue does; drops are counted'),
    transport: z
      .enum(['memory', 'nats'])
      .default('memory')
      .describe('memory: in-process; nats: NATS JetStream'),
    nats: z
      .strictObject({
        servers: z.array(z.string().min(1)).default(['nats://127.0.0.1:4222']).describe('NATS server URLs'),
        stream: z.string().min(1).default('TRADESTATE').describe('JetStream stream name'),
        subject_prefix: z
          .string()
          .min(1)
          .default('tradestate')
          .describe('Subjects are <prefix>.<EventType>.<symbol>'),
        max_deliver: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe('Deliveries of one message before a failing handler sends it to the dead-letter subject'),
        nak_delay_ms: z
          .number()
          .int()
          .min(0)
          .default(1_000)
          .describe('Delay before a failed message is redelivered'),
        ack_wait_seconds: seconds('Time a handler may take before JetStream redelivers the message').default(
          30,
        ),
        duplicate_window_seconds: seconds('Window in which JetStream drops a re-published eventId').default(
          120,
        ),
        max_age_seconds: z
          .number()
          .min(0)
          .default(7 * 24 * 3600)
          .describe('Age after which the stream discards events; 0 keeps them forever'),
        consumer_name: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .optional()
          .describe(
            "Prefix of this process's durable consumers (default: tradestate_<its services joined by ->); one process per name",
          ),
        lockstep: z
          .boolean()
          .default(true)
          .describe(
            'Every process handles each candle and what it causes in the order one process would (the producer sends up to 64 candles ahead, processes wait at per-candle progress barriers; results identical to one process); false: as produced (live feeds, lowest latency)',
          ),
        user: z
          .string()
          .min(1)
          .optional()
          .describe('User name; its password comes from EVENT_BUS_NATS_PASSWORD'),
        password: z.string().min(1).optional().describe('Secret: password of user'),
        token: z
          .string()
          .min(1)
          .optional()
          .describe('Secret: authentication token (instead of user and password)'),
        nkey_seed: z
          .string()
          .min(1)
          .optional()
          .describe('Secret: NKey seed (SU...) to sign the server nonce with'),
        nkey_seed_file: z
          .string()
          .min(1)
          .optional()
          .describe('File holding the NKey seed (instead of nkey_seed)'),
        creds_file: z
          .string()
          .min(1)
          .optional()
          .describe('.creds file (user JWT and NKey seed) for servers in operator mode'),
        inbox_prefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .optional()
          .describe(
            "Prefix of this connection's reply subjects (default: _INBOX_<user> with a user, else _INBOX); per-role prefixes let the server keep roles from reading each other's replies",
          ),
        tls: z
          .strictObject({
            ca_file: z
              .string()
              .min(1)
              .optional()
              .describe('CA certificate (PEM) the server certificate must chain to'),
            cert_file: z
              .string()
              .min(1)
              .optional()
              .describe('Client certificate (PEM), for servers that verify clients'),
            key_file: z.string().min(1).optional().describe('Private key (PEM) of cert_file'),
            handshake_first: z
              .boolean()
              .default(false)
              .describe('TLS before the NATS handshake (server tls handshake_first)'),
          })
          .describe(
            'TLS to the server: used when a file or handshake_first is set (tls:// server URLs also require it)',
          )
          .prefault({}),
      })
      .describe('NATS JetStream transport (used when transport is nats)')
      .prefault({}),
  })
  .describe('EventBus');

export const SupervisionConfigSchema = z
  .strictObject({
    strategy: z
      .enum(['one_for_one', 'one_for_all', 'rest_for_one'])
      .default('one_for_one')
      .describe('Which services restart when one fails (Erlang/OTP semantics)'),
    max_restarts: z.number().int().min(0).default(5).describe('Restarts allowed within the window'),
    restart_window_seconds: seconds(
      'Window for max_restarts, in control (wall) time; paced runs only',
    ).default(60),
    restart_window_bars: z
      .number()
      .int()
      .min(0)
      .default(100)
      .describe('Window for max_restarts in base bars processed (every mode; 0: off)'),
    backoff_initial_ms: z.number().int().min(0).default(100).describe('Delay before the first restart'),
    backoff_max_ms: z.number().int().min(0).default(5_000).describe('Cap of the exponential backoff'),
    on_intensity_exceeded: z
      .enum(['degrade', 'stop'])
      .default('degrade')
      .describe('Block trading and keep running degraded, or stop the system'),
  })
  .describe('Supervision of the services');

export const OrchestratorConfigSchema = z
  .strictObject({
    health_check_interval: seconds('Seconds between health checks').default(30),
    init_timeout_seconds: seconds('Time allowed for a service to initialize').default(10),
    shutdown_timeout_seconds: seconds('Time allowed for a service to shut down').default(10),
    supervision: SupervisionConfigSchema.prefault({}),
    services: z
      .array(z.enum(['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution']))
      .optional()
      .describe('Run only these services in this process (default: every enabled one)'),
    http: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Serve /metrics, /healthz, /readyz, /status'),
        host: z.string().default('127.0.0.1').describe('Bind address (loopback by default)'),
        port: z.number().int().min(0).max(65535).default(9464).describe('Port'),
        allow_remote: z
          .boolean()
          .default(false)
          .describe('Allow a non-loopback host (then token or user and password are required)'),
        allowed_hosts: z
          .array(z.string().min(1))
          .default([])
          .describe('Names accepted in the Host header besides the bound address (e.g. ops.example.com)'),
        token: z.string().min(1).optional().describe('Secret: bearer token every request must carry'),
        user: z
          .string()
          .min(1)
          .optional()
          .describe('Basic-auth user; its password comes from ORCHESTRATOR_HTTP_PASSWORD'),
        password: z.string().min(1).optional().describe('Secret: basic-auth password of user'),
      })
      .describe('HTTP endpoints for metrics and health')
      .prefault({}),
    inspect: z
      .strictObject({
        host: z.string().default('127.0.0.1').describe('Inspector bind address'),
        port: z.number().int().min(0).max(65535).default(4242).describe('Inspector server port'),
      })
      .describe('Stately inspector server')
      .prefault({}),
  })
  .describe('TradingOrchestrator');

export const LoggingConfigSchema = z
  .strictObject({
    level: z
      .enum(['TRACE', 'DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'SILENT'])
      .default('INFO')
      .describe('Root log level'),
    format: z
      .enum(['text', 'json'])
      .default('text')
      .describe(
        'text: one line per record (time, level, logger, correlation id, message, fields); json: one object per line',
      ),
    include_correlation_ids: z.boolean().default(true).describe('Print correlation ids'),
    service_levels: z
      .record(
        z.string(),
        z.enum(['TRACE', 'DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'SILENT']),
      )
      .default({})
      .describe('Per-service level, by service name'),
    file: z.string().optional().describe('Write logs to this file instead of stderr'),
  })
  .describe('Logging');

export const DataSourceConfigSchema = z
  .strictObject({
    type: z
      .enum(['synthetic', 'csv', 'ccxt'])
      .default('synthetic')
      .describe('synthetic: seeded generator; csv: replay a file; ccxt: live candles from an exchange'),
    path: z.string().optional().describe('CSV file (type csv)'),
    seed: z.number().int().default(42).describe('Seed of the synthetic feed'),
    start: z
      .string()
      .default('2025-01-06T00:00:00Z')
      .describe('First bar time of the synthetic feed (ISO-8601)'),
    base_timeframe: z.string().default('1').describe('Minutes per bar of the source'),
    on_bad_row: z
      .enum(['error', 'skip'])
      .default('error')
      .describe('Stop at a bad CSV row, or skip and count it'),
    ...CcxtSourceFields,
  })
  .describe('Market data source');

export const SessionWindowSchema = z.strictObject({ start: timeOfDay, end: timeOfDay });
export const NewsWindowSchema = z.strictObject({
  start: z.string().min(1).describe('ISO-8601 UTC start'),
  end: z.string().min(1).describe('ISO-8601 UTC end'),
  symbols: z.array(z.string()).optional().describe('Symbols affected (default: all)'),
});

export const BrokerConfigSchema = z
  .strictObject({
    type: z.enum(['paper']).default('paper').describe('paper: simulated fills'),
    spread_pips: z.number().min(0).default(0.8).describe('Spread applied to fills'),
    slippage_pips: z.number().min(0).default(0.2).describe('Adverse slippage on market orders'),
    commission_per_lot: z
      .number()
      .min(0)
      .default(7)
      .describe('Round-trip commission per lot, in account currency'),
    api_key: z.string().optional().describe('Secret: broker API key (from the environment)'),
    api_secret: z.string().optional().describe('Secret: broker API secret (from the environment)'),
    ...CcxtBrokerFields,
  })
  .describe('Broker');

export const InstrumentConfigSchema = z
  .strictObject({
    asset_class: z.enum(['fx', 'stock', 'crypto', 'index']).optional().describe('fx, stock, crypto or index'),
    base_currency: z
      .string()
      .min(1)
      .optional()
      .describe('What one unit is (EUR in EUR/USD; the symbol for a stock)'),
    quote_currency: z.string().min(1).optional().describe('Currency prices (and so PnL) are in'),
    contract_size: z
      .number()
      .positive()
      .optional()
      .describe('Units per lot (100000 for FX, 1 share, 1 coin)'),
    tick_size: z.number().positive().optional().describe('Price increment; fills are rounded to it'),
    pip_size: z.number().positive().optional().describe('Unit of spread and slippage settings'),
    lot_step: z.number().positive().optional().describe('Order sizes are rounded down to a multiple of it'),
    min_size: z.number().positive().optional().describe('Smallest order; smaller ones are not sent'),
    margin_rate: z
      .number()
      .positive()
      .max(1)
      .optional()
      .describe('Margin as a fraction of the position value (0.0333 = 30:1 leverage, 1 = no leverage)'),
    sessions: z.array(SessionWindowSchema).optional().describe('Trading hours (UTC) of this symbol'),
  })
  .describe('One instrument');

export const TradingConfigSchema = z
  .strictObject({
    symbol: z.string().min(1).default('EURUSD').describe('Traded symbol'),
    symbols: z.array(z.string().min(1)).optional().describe('Several symbols (default: [symbol])'),
    timeframes: z
      .array(z.string().regex(/^\d+$/, 'minutes, e.g. "1", "5", "60"'))
      .min(1)
      .default(['1'])
      .describe('Timeframes in minutes, base first'),
    pip_size: z.number().positive().default(0.0001).describe('Price of one pip'),
    contract_size: z.number().positive().default(100_000).describe('Units per lot'),
    initial_balance: z.number().positive().default(10_000).describe('Starting balance of the paper account'),
    sizing: z
      .strictObject({
        mode: z
          .enum(['fixed', 'risk_percent'])
          .default('fixed')
          .describe('fixed lots, or risk a percent of equity to the ATR stop'),
        fixed_size: z.number().positive().default(0.1).describe('Lots per order (mode fixed)'),
        risk_percent: z
          .number()
          .positive()
          .max(100)
          .default(1)
          .describe('Percent of equity risked per trade'),
      })
      .describe('Position sizing')
      .prefault({}),
    sessions: z.array(SessionWindowSchema).default([]).describe('Trading hours (UTC); empty: always open'),
    news_blocks: z.array(NewsWindowSchema).default([]).describe('No new entries inside these windows'),
    data_source: DataSourceConfigSchema.prefault({}),
    broker: BrokerConfigSchema.prefault({}),
    max_candles: z
      .number()
      .int()
      .min(1)
      .default(3000)
      .describe('Base candles a `run` processes before it stops'),
    max_duration_seconds: z.number().positive().default(30).describe('Longest `run` (not --live)'),
    // min(0), not positive(): 0 is the documented 'as fast as possible' and must be writable in a file.
    speed: z.number().min(0).default(0).describe('Candles per second in a run (0: as fast as possible)'),
    fill_price: z
      .enum(['next_open', 'close'])
      .default('next_open')
      .describe(
        "Market orders decided on a bar's close fill at the next bar's open (next_open), or at that close (close: optimistic)",
      ),
    limit_expiry_bars: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe(
        "A limit entry (a strategy's entry_limit_atr) not filled within this many bars of its timeframe is cancelled",
      ),
    account_currency: z
      .string()
      .regex(/^[A-Z]{3,5}$/, 'a currency code such as USD, EUR, USDT')
      .default('USD')
      .describe('Currency of the account: PnL, commissions and margin are converted into it'),
    conversion_rates: z
      .record(
        z.string().regex(/^[A-Z]{3,5}\/[A-Z]{3,5}$/, 'a pair written FROM/TO, e.g. GBP/USD'),
        z.number().positive(),
      )
      .default({})
      .describe('Fixed rates FROM/TO (e.g. "GBP/USD": 1.27) for quote currencies no traded symbol converts'),
    conversion_series: z
      .record(
        z.string().regex(/^[A-Z]{3,5}\/[A-Z]{3,5}$/, 'a pair written FROM/TO, e.g. GBP/USD'),
        z.string().min(1),
      )
      .default({})
      .describe(
        'Bar files (CSV) of conversion pairs FROM/TO (e.g. "GBP/USD": data/gbpusd.csv): the rate of the moment for a quote currency no traded symbol converts',
      ),
    instruments: z
      .record(z.string().min(1), InstrumentConfigSchema)
      .default({})
      .describe(
        'Per-symbol instrument settings, over the built-in profile (FX pairs, stock and crypto defaults)',
      ),
    stop_out_percent: z
      .number()
      .min(0)
      .default(50)
      .describe(
        'Margin level (equity / used margin, percent) at which every position is closed (margin call)',
      ),
  })
  .describe('Trading');

export const RiskConfigSchema = z
  .strictObject({
    max_position_size: z.number().positive().default(1).describe('Largest order, in lots'),
    max_open_positions: z.number().int().min(1).default(3).describe('Open positions across strategies'),
    max_daily_loss: z
      .number()
      .positive()
      .default(500)
      .describe('Daily realized loss limit, account currency'),
    max_drawdown_percent: z
      .number()
      .positive()
      .max(100)
      .default(20)
      .describe('Equity drawdown from peak, percent'),
    on_max_drawdown: z
      .enum(['halt', 'resume'])
      .default('halt')
      .describe('halt: no new entries for the rest of the run; resume: after the cool-off, from a new peak'),
    drawdown_cooloff_hours: z
      .number()
      .positive()
      .default(168)
      .describe('With on_max_drawdown resume: market hours blocked before the peak is reset to equity'),
  })
  .describe('Risk limits checked before every order');

export const StoreConfigSchema = z
  .strictObject({
    path: z
      .string()
      .optional()
      .describe(
        'SQLite file used by every command; unset: `<directory>/run.db` for `run`, and one store per backtest, `<directory>/backtests/<symbol>-<hash of data, span and configuration>.db`; ":memory:" for none on disk',
      ),
    directory: z
      .string()
      .default('./data')
      .describe('Directory of the default stores (when `path` is unset)'),
    checkpoint_every_bars: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe(
        'Write a checkpoint (services, broker, account, equity) at least every this many cycles (one base bar per symbol); a crash replays at most this many bars',
      ),
    checkpoint_every_ms: z
      .number()
      .int()
      .min(0)
      .default(1000)
      .describe(
        'Also write one when this much wall time (ms) has passed since the last; 0: every cycle. Orders are written before the broker call whatever the cadence',
      ),
  })
  .describe('Durable store');

export const FaultRuleSchema = z
  .strictObject({
    service: z
      .enum(['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution'])
      .describe('Service whose event handlers throw InjectedFault'),
    event_type: z
      .string()
      .min(1)
      .optional()
      .describe('Only events of this type (e.g. NewCandleEvent) count and fault (default: every type)'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Chance that a matching event faults, drawn from the seeded generator'),
    every_nth: z.number().int().min(1).optional().describe('Fault every nth matching event'),
    at: z
      .array(z.number().int().min(1))
      .optional()
      .describe('Fault these matching events (1 = the first the service receives)'),
    max: z.number().int().min(0).optional().describe('Most faults this rule injects (default: unlimited)'),
  })
  .describe('One fault rule; with no trigger (probability, every_nth, at) every matching event faults');

export const FaultsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Inject faults (chaos testing; never in production)'),
    seed: z.number().int().default(1).describe('Seed of the probability draws, so a faulted run repeats'),
    rules: z.array(FaultRuleSchema).default([]).describe('Which service throws on which events'),
  })
  .describe('Fault injection: make chosen services throw on chosen or random events');

/**
 * The whole configuration as a zod schema: every key, default and description (`tradestate config` renders it).
 *
 * @example
 * ```ts
 * const config = SystemConfigSchema.parse({ trading: { symbol: 'EURUSD' } }); // every default filled in
 * console.log(config.services.data_fetching.fetch_interval);
 * ```
 */
export const SystemConfigSchema = z.strictObject({
  services: ServicesConfigSchema.prefault({}),
  event_bus: EventBusConfigSchema.prefault({}),
  orchestrator: OrchestratorConfigSchema.prefault({}),
  logging: LoggingConfigSchema.prefault({}),
  trading: TradingConfigSchema.prefault({}),
  risk: RiskConfigSchema.prefault({}),
  store: StoreConfigSchema.prefault({}),
  faults: FaultsConfigSchema.prefault({}),
});

/**
 * The resolved configuration: every default filled in.
 *
 * @example
 * ```ts
 * function describe(config: SystemConfig) { return `${config.trading.symbol} on ${config.trading.timeframes.join(', ')}`; }
 * ```
 */
export type SystemConfig = z.infer<typeof SystemConfigSchema>;
/**
 * What a YAML file or an embedding program may give: any subset.
 *
 * @example
 * ```ts
 * const input: SystemConfigInput = { trading: { symbol: 'EURUSD' }, logging: { level: 'WARNING' } };
 * const system = await createTradingSystem(input);
 * ```
 */
export type SystemConfigInput = z.input<typeof SystemConfigSchema>;
/**
 * The four services: `data_fetching`, `indicator_calculation`, `strategy_evaluation`, `trade_execution`.
 *
 * @example
 * ```ts
 * const name: ServiceName = 'indicator_calculation';
 * await system.restartService(name);
 * ```
 */
export type ServiceName = keyof SystemConfig['services'];
/**
 * The four services, in pipeline order.
 *
 * @example
 * ```ts
 * for (const name of serviceNames) console.log(name, system.getServiceHealth()[name]?.state);
 * ```
 */
export const serviceNames: readonly ServiceName[] = [
  'data_fetching',
  'indicator_calculation',
  'strategy_evaluation',
  'trade_execution',
];

export {
  DataFetchingConfigSchema,
  defaultIndicators,
  IndicatorCalculationConfigSchema,
  type IndicatorSpec,
  IndicatorSpecSchema,
  RegimeConfigSchema,
  RestartTypeSchema,
  ServicesConfigSchema,
  type StrategyEntry,
  StrategyEntrySchema,
  StrategyEvaluationConfigSchema,
  TradeExecutionConfigSchema,
} from './servicesConfig.js';
