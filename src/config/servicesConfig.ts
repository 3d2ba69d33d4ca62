import { z } from 'zod';

/** The four trading services' configuration (`services.*`); part of `SystemConfig`. */

const seconds = (description: string) => z.number().positive().describe(description);

export const RestartTypeSchema = z
  .enum(['permanent', 'transient', 'temporary'])
  .describe('permanent: always restarted; transient: only after a failure; temporary: never restarted');

const serviceBase = {
  enabled: z.boolean().default(true).describe('Run this service in this process'),
  restart: RestartTypeSchema.default('permanent'),
};

export const DataFetchingConfigSchema = z
  .strictObject({
    ...serviceBase,
    fetch_interval: seconds('Seconds between fetches in paced (live) mode').default(5),
    retry_attempts: z.number().int().min(0).default(3).describe('Retries of a failed fetch, with backoff'),
    retry_backoff_ms: z.number().int().min(0).default(200).describe('First retry delay; doubles each retry'),
    candle_index: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('Which closed candle counts as new: 1 = the last closed candle'),
    nbr_bars: z.number().int().min(1).default(3).describe('Bars requested per fetch'),
    stale_after: z
      .record(z.string(), z.number().positive())
      .default({})
      .describe(
        'Seconds without a new candle, per timeframe, before the feed counts as stale (default 3 bars)',
      ),
  })
  .describe('DataFetchingService: fetches bars and detects new candles');

export const IndicatorSpecSchema = z.strictObject({
  name: z.string().min(1).describe('Column name in recent_rows (e.g. ema_fast)'),
  type: z.enum(['ema', 'sma', 'rsi', 'atr', 'adx', 'bollinger', 'macd']).describe('Indicator kind'),
  period: z.number().int().min(1).optional().describe('Look-back period'),
  std_dev: z.number().positive().optional().describe('Bollinger band width in standard deviations'),
  fast_period: z.number().int().min(1).optional().describe('MACD fast EMA period'),
  slow_period: z.number().int().min(1).optional().describe('MACD slow EMA period'),
  signal_period: z.number().int().min(1).optional().describe('MACD signal EMA period'),
});
/**
 * One configured indicator: its column name, kind and parameters (`services.indicator_calculation.indicators[]`).
 *
 * @example
 * ```ts
 * const indicators: IndicatorSpec[] = [{ name: 'ema_fast', type: 'ema', period: 12 }, { name: 'rsi', type: 'rsi', period: 14 }];
 * ```
 */
export type IndicatorSpec = z.infer<typeof IndicatorSpecSchema>;

export const defaultIndicators: IndicatorSpec[] = [
  { name: 'ema_fast', type: 'ema', period: 12 },
  { name: 'ema_slow', type: 'ema', period: 26 },
  { name: 'sma', type: 'sma', period: 50 },
  { name: 'rsi', type: 'rsi', period: 14 },
  { name: 'atr', type: 'atr', period: 14 },
  { name: 'adx', type: 'adx', period: 14 },
  { name: 'bb', type: 'bollinger', period: 20, std_dev: 2 },
  { name: 'macd', type: 'macd', fast_period: 12, slow_period: 26, signal_period: 9 },
];

export const RegimeConfigSchema = z
  .strictObject({
    adx_trend_threshold: z.number().positive().default(25).describe('ADX at or above this: trending'),
    ema_slope_bars: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('Bars over which the slow EMA slope is measured'),
    volatile_atr_ratio: z
      .number()
      .positive()
      .default(1.5)
      .describe('ATR above this multiple of its own average: volatile'),
    atr_average_period: z.number().int().min(2).default(50).describe('Period of the ATR average'),
  })
  .describe('RegimeManager rules: trending_up / trending_down / ranging / volatile');

export const IndicatorCalculationConfigSchema = z
  .strictObject({
    ...serviceBase,
    recent_rows_limit: z
      .number()
      .int()
      .min(1)
      .default(6)
      .describe('Rows carried by IndicatorsCalculatedEvent'),
    track_regime_changes: z.boolean().default(true).describe('Publish RegimeChangedEvent on regime changes'),
    indicators: z.array(IndicatorSpecSchema).default(defaultIndicators).describe('Indicators to compute'),
    regime: RegimeConfigSchema.prefault({}),
  })
  .describe('IndicatorCalculationService: indicators and regime detection');

export const StrategyEntrySchema = z.strictObject({
  name: z.string().min(1).describe('Name of this strategy instance (strategy_name in signals)'),
  type: z
    .string()
    .min(1)
    .describe('Registered strategy type: ema_crossover, rsi_mean_reversion, bollinger_breakout, ...'),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Parameters, validated by the type's schema"),
  symbols: z.array(z.string().min(1)).optional().describe('Symbols traded (default: all)'),
  timeframes: z.array(z.string().min(1)).optional().describe('Timeframes evaluated (default: the first)'),
  regimes: z
    .array(z.string().min(1))
    .optional()
    .describe('Regimes in which entries are allowed (default: all)'),
  stop_loss_atr: z.number().positive().optional().describe('Stop-loss distance in ATR multiples'),
  take_profit_atr: z.number().positive().optional().describe('Take-profit distance in ATR multiples'),
  entry_limit_atr: z
    .number()
    .positive()
    .optional()
    .describe(
      'Enter with a limit order this many ATRs better than the decision close (below for longs), not at market',
    ),
  max_holding_bars: z.number().int().min(1).optional().describe('Exit after this many bars in the trade'),
});
/**
 * One configured strategy instance (`services.strategy_evaluation.strategies[]`).
 *
 * @example
 * ```ts
 * const entry: StrategyEntry = { name: 'ema_cross', type: 'ema_crossover', params: { fast: 'ema_fast' }, stop_loss_atr: 2 };
 * ```
 */
export type StrategyEntry = z.infer<typeof StrategyEntrySchema>;

export const StrategyEvaluationConfigSchema = z
  .strictObject({
    ...serviceBase,
    evaluation_mode: z
      .enum(['on_new_candle', 'on_every_update'])
      .default('on_new_candle')
      .describe('Evaluate on closed candles only, or on every indicator update'),
    min_rows_required: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('Rows needed before a strategy is evaluated'),
    cooldown_bars: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Bars after an exit before the same strategy re-enters'),
    strategies: z
      .array(StrategyEntrySchema)
      .default([
        {
          name: 'ema_cross',
          type: 'ema_crossover',
          params: {},
          stop_loss_atr: 2,
          take_profit_atr: 3,
          max_holding_bars: 240,
        },
        {
          name: 'rsi_reversion',
          type: 'rsi_mean_reversion',
          params: {},
          regimes: ['ranging'],
          stop_loss_atr: 1.5,
          take_profit_atr: 2,
          max_holding_bars: 120,
        },
      ])
      .describe('Active strategies'),
  })
  .describe('StrategyEvaluationService: strategies and entry management');

export const TradeExecutionConfigSchema = z
  .strictObject({
    ...serviceBase,
    execution_mode: z
      .enum(['immediate', 'batch'])
      .default('immediate')
      .describe('Execute each signal at once, or in batches'),
    batch_size: z.number().int().min(1).default(1).describe('Signals per batch in batch mode'),
  })
  .describe('TradeExecutionService: authorization, sizing and orders');

export const ServicesConfigSchema = z
  .strictObject({
    data_fetching: DataFetchingConfigSchema.prefault({}),
    indicator_calculation: IndicatorCalculationConfigSchema.prefault({}),
    strategy_evaluation: StrategyEvaluationConfigSchema.prefault({}),
    trade_execution: TradeExecutionConfigSchema.prefault({}),
  })
  .describe('The four pipeline services');
