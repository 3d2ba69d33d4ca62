import { z } from 'zod';
import { CcxtSourceFields } from './ccxtConfig.js';

/** `trading.data_source`: where the candles come from. */
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
