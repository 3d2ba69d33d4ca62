// A strategy module for `--strategies`: export the result of defineStrategy (named or default).
//   npm run tradestate -- backtest --data examples/data/msft_2000_2001_daily.csv --symbol MSFT \
//     --config examples/config/breakout.yaml --strategies examples/strategies/closeBreakout.js
import { z } from 'zod';

/** @type {import('tradestate').StrategyDefinition<{ lookback: number }>} */
export const closeBreakout = {
  type: 'close_breakout',
  description:
    'Long when the close is above the highest close of the previous `lookback` rows, short below the lowest',
  parameters: z.strictObject({
    lookback: z
      .number()
      .int()
      .min(2)
      .default(5)
      .describe('Previous rows whose highest and lowest close the close must break'),
  }),
  create: ({ lookback }) => ({
    type: 'close_breakout',
    requiredIndicators: [],
    evaluate(rows) {
      const last = rows.at(-1);
      const window = rows.slice(-lookback - 1, -1);
      if (!last || window.length < lookback) return undefined;
      if (last.close > Math.max(...window.map((row) => row.close))) return 'long';
      if (last.close < Math.min(...window.map((row) => row.close))) return 'short';
      return undefined;
    },
  }),
};
