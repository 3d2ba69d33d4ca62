import { z } from 'zod';
import { CcxtBrokerFields } from './ccxtConfig.js';

/** `trading.broker`: the simulated fill costs, or a live exchange's credentials. */
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
