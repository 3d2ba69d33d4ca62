import { z } from 'zod';
import { SessionWindowSchema } from './sessionWindow.js';

/** One entry of `trading.instruments`: per-symbol settings over the built-in profile. */
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
