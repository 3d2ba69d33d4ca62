import { z } from 'zod';

/** The `risk` section: limits every order is checked against. */
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
