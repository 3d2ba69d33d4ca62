import { z } from 'zod';
import { BrokerConfigSchema } from './brokerConfig.js';
import { DataSourceConfigSchema } from './dataSourceConfig.js';
import { InstrumentConfigSchema } from './instrumentConfig.js';
import { NewsWindowSchema } from './newsWindow.js';
import { SessionWindowSchema } from './sessionWindow.js';

/** The `trading` section: symbols, timeframes, account, sizing, data source, broker and run limits. */
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
