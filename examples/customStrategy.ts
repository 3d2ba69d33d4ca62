/**
 * A custom strategy type with its own zod parameters, registered through `createTradingSystem` and named
 * in the configuration like a built-in one. Backtests it on the MSFT daily bars shipped with the examples.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/customStrategy.ts [maxCandles]
 */
import { fileURLToPath } from 'node:url';
import { createTradingSystem, defineStrategy, type SystemConfigInput } from 'tradestate';
import { z } from 'zod';

/** Long when the close breaks above the highest close of the last `lookback` bars, short below the lowest. */
export const closeBreakout = defineStrategy({
  type: 'close_breakout',
  description: 'Long on a close above the recent highest close, short on a close below the lowest',
  parameters: z.strictObject({
    // Bars looked back over; needs `indicator_calculation.recent_rows_limit` of at least lookback + 1.
    lookback: z.number().int().min(2).default(20),
    // Optional trend filter: only trade breakouts on the side of this indicator column.
    trend_column: z.string().min(1).optional(),
  }),
  create: ({ lookback, trend_column: trendColumn }) => ({
    type: 'close_breakout',
    requiredIndicators: trendColumn ? [trendColumn] : [],
    evaluate(rows) {
      const last = rows.at(-1);
      if (last === undefined || rows.length <= lookback) return undefined;
      let highest = Number.NEGATIVE_INFINITY;
      let lowest = Number.POSITIVE_INFINITY;
      for (let index = rows.length - 1 - lookback; index < rows.length - 1; index++) {
        const close = rows[index]!.close;
        if (close > highest) highest = close;
        if (close < lowest) lowest = close;
      }
      const trend = trendColumn ? last.indicators[trendColumn] : undefined;
      if (trendColumn && trend === undefined) return undefined; // indicator still warming up
      if (last.close > highest && (trend === undefined || last.close > trend)) return 'long';
      if (last.close < lowest && (trend === undefined || last.close < trend)) return 'short';
      return undefined;
    },
  }),
});

export const config: SystemConfigInput = {
  trading: {
    symbol: 'MSFT',
    timeframes: ['1440'],
    pip_size: 0.01,
    contract_size: 1,
    initial_balance: 100_000,
    data_source: {
      type: 'csv',
      path: fileURLToPath(new URL('data/msft_2000_2001_daily.csv', import.meta.url)),
    },
  },
  risk: { max_position_size: 5_000 },
  logging: { level: 'WARNING' },
  services: {
    // A strategy sees the rows IndicatorsCalculatedEvent carries: enough for a 20-bar lookback plus the bar.
    indicator_calculation: { recent_rows_limit: 21 },
    strategy_evaluation: {
      strategies: [
        {
          name: 'breakout_20',
          type: 'close_breakout',
          params: { lookback: 20, trend_column: 'ema_slow' },
          stop_loss_atr: 2,
          take_profit_atr: 4,
          max_holding_bars: 30,
        },
      ],
    },
  },
};

/** Runs the backtest and returns its summary (used by the examples test too). */
export async function main(maxCandles = 250) {
  const system = await createTradingSystem(config, { mode: 'backtest', strategies: [closeBreakout] });
  try {
    const summary = await system.run({ maxCandles });
    console.log(
      `close_breakout on MSFT: ${summary.candles} bars, ${summary.entry_signals} entries, ${summary.trades} trades, ` +
        `net PnL ${summary.net_pnl.toFixed(2)}, final equity ${summary.final_equity.toFixed(2)}`,
    );
    return summary;
  } finally {
    await system.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2] ?? 250));
}
