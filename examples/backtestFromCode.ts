/**
 * A backtest from code: the MSFT example file through `runBacktest`, watching orders and trading blocks
 * while it runs (a backtest needs a synchronous bus), then the statistics and the report files.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/backtestFromCode.ts [outDirectory]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvDataSource, EventBus, loadConfig, runBacktest } from 'tradestate';

const examples = fileURLToPath(new URL('.', import.meta.url));
const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Runs the backtest and returns its result; `outDirectory` receives report.json, trades.csv, equity.csv, report.html. */
export async function main(outDirectory = mkdtempSync(join(tmpdir(), 'tradestate-backtest-'))) {
  const config = loadConfig(join(examples, 'config', 'stocks.yaml'));
  const dataSource = await CsvDataSource.fromFile(join(examples, 'data', 'msft_2000_2001_daily.csv'), {
    symbol: 'MSFT',
  });

  // Events are delivered while the bars replay only on a synchronous bus (an asynchronous one would let
  // the replay run ahead of its own orders).
  const bus = new EventBus({ mode: 'sync' });
  let orders = 0;
  bus.subscribe('OrderPlacedEvent', (order) => {
    orders++;
    if (order.intent === 'open')
      console.log(`${day(order.timestamp)} ${order.direction} ${order.size} ${order.symbol}`);
  });
  bus.subscribe('TradingBlockedEvent', (event) =>
    console.log(`${day(event.timestamp)} blocked: ${event.reasons.join(', ')}`),
  );

  const result = await runBacktest(
    { ...config, logging: { ...config.logging, level: 'WARNING' } },
    { dataSource, bus, outDirectory, dataDescription: { file: 'msft_2000_2001_daily.csv' } },
  );
  const { summary } = result;
  console.log(
    `${summary.trades} trades from ${orders} orders, total return ${(summary.total_return * 100).toFixed(2)}%` +
      ` (buy and hold ${((summary.buy_and_hold_return ?? 0) * 100).toFixed(2)}%), max drawdown ${(summary.max_drawdown.fraction * 100).toFixed(2)}%`,
  );
  for (const [strategy, group] of Object.entries(summary.by_strategy)) {
    console.log(`  ${strategy}: ${group.trades} trades, net ${group.net_profit.toFixed(2)}`);
  }
  console.log(`Report: ${result.files?.html}`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2]);
