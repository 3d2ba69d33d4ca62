import { z } from 'zod';

/** One entry of `faults.rules`: which service throws, on which of its events. */
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

/** The `faults` section: chaos testing, seeded so a faulted run repeats. */
export const FaultsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Inject faults (chaos testing; never in production)'),
    seed: z.number().int().default(1).describe('Seed of the probability draws, so a faulted run repeats'),
    rules: z.array(FaultRuleSchema).default([]).describe('Which service throws on which events'),
  })
  .describe('Fault injection: make chosen services throw on chosen or random events');
