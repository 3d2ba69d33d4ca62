import { z } from 'zod';
import type { IndicatorRow } from '../../../src/events/candle.js';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import type { StrategyDecision, StrategyEngine } from '../../../src/strategies/strategyEngine.js';

/** Test strategy: the last row's `signal` column says it (1 long, -1 short, else nothing). */
export const scripted = defineStrategy({
  type: 'scripted',
  description: 'Follows the signal column',
  parameters: z.strictObject({ column: z.string().default('signal') }),
  create: ({ column }) => ({
    type: 'scripted',
    requiredIndicators: [column],
    evaluate(rows) {
      const value = rows[rows.length - 1]?.indicators[column];
      return value === 1 ? 'long' : value === -1 ? 'short' : undefined;
    },
  }),
});

/** Feeds rows[0..t] for each t (a window of `window` rows), confirming every decision at once like a sync bus. */
export function replay(
  engine: StrategyEngine,
  rows: readonly IndicatorRow[],
  options: { symbol?: string; timeframe?: string; window?: number; confirm?: boolean } = {},
): StrategyDecision[][] {
  const { symbol = 'EURUSD', timeframe = '1', window = 6, confirm = true } = options;
  const out: StrategyDecision[][] = [];
  for (let t = 0; t < rows.length; t++) {
    const decisions = engine.evaluate(symbol, timeframe, rows.slice(Math.max(0, t + 1 - window), t + 1));
    if (confirm) confirmAll(engine, decisions);
    out.push(decisions);
  }
  return out;
}

/** What the service does on each OrderPlacedEvent when every order fills at the decision price. */
export function confirmAll(engine: StrategyEngine, decisions: readonly StrategyDecision[]): void {
  for (const decision of decisions) {
    if (decision.kind === 'entry')
      engine.entryManager.confirmPendingOpen(decision.symbol, decision.strategyName, decision.price);
    else engine.entryManager.confirmClose(decision.symbol, decision.strategyName);
  }
}
