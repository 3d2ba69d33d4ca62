import { join, resolve } from 'node:path';
import { runBacktest } from '../../backtest/runBacktest.js';
import { loadConfig } from '../../config/configLoader.js';
import { CsvDataSource } from '../../market/csvDataSource.js';
import type { Command } from '../command.js';
import { formatBacktestSummary } from '../formatBacktestSummary.js';
import { loadStrategyModule } from '../loadStrategyModule.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { ProgressReporter } from '../progressReporter.js';
import { UsageError } from '../usageError.js';

const usage = [
  'Usage: tradestate backtest --data FILE.csv [--symbol SYMBOL] [--config FILE] [--from DATE] [--to DATE]',
  '                           [--out DIR] [--fresh] [--strategies FILE]',
  '',
  'Replays FILE.csv through the same supervised services, strategies and paper broker as `tradestate run`, on',
  'simulated time, as fast as possible; prints a summary and writes report.json, trades.csv, equity.csv and',
  'report.html (open it in a browser; it works offline).',
  '',
  'Options:',
  '  --data FILE.csv   Bars to replay: timestamp,open,high,low,close[,volume] or a MetaTrader 5 export',
  '  --symbol SYMBOL   Symbol of the file (default: trading.symbol)',
  '  --config FILE     YAML configuration (default: config/services.yaml when present, else defaults)',
  '  --strategies FILE A module exporting your strategy definitions (defineStrategy), usable by type in the config',
  '  --from DATE       First bar to replay (ISO-8601, inclusive)',
  '  --to DATE         Last bar to replay (ISO-8601, inclusive)',
  '  --out DIR         Output directory (default: ./backtest-results/<timestamp>/)',
  '  --fresh           Delete the store (store.path, default ./data/backtests/<symbol>-<run hash>.db) and start over',
].join('\n');

function checkDate(flag: string, text: string | undefined): string | undefined {
  if (text !== undefined && Number.isNaN(Date.parse(text))) {
    throw new UsageError(`${flag} must be an ISO-8601 date such as 2001-01-31, got ${JSON.stringify(text)}`);
  }
  return text;
}

/**
 * `tradestate backtest`: replay a CSV file through the trading system and write the report.
 *
 * @example
 * ```ts
 * await backtestCommand.run(['--data', 'examples/data/msft_2000_2001_daily.csv', '--symbol', 'MSFT'], processCliIO());
 * ```
 */
export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'Replay a CSV file through the trading system and write a report (JSON, CSV, HTML)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string', short: 'd' },
      symbol: { type: 'string', short: 's' },
      config: { type: 'string', short: 'c' },
      strategies: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string', short: 'o' },
      fresh: { type: 'boolean', default: false },
    });
    if (!values.data) throw new UsageError('--data FILE.csv is required');
    const from = checkDate('--from', values.from);
    const to = checkDate('--to', values.to);
    const dataPath = resolve(io.cwd, values.data);
    const config = loadConfig(values.config, {
      env: io.env,
      cwd: io.cwd,
      overrides: {
        trading: {
          ...(values.symbol ? { symbol: values.symbol, symbols: [values.symbol] } : {}),
          data_source: { type: 'csv', path: dataPath },
        },
      },
    });
    const symbol = values.symbol ?? config.trading.symbols?.[0] ?? config.trading.symbol;
    const source = await CsvDataSource.fromFile(dataPath, {
      symbol,
      onBadRow: config.trading.data_source.on_bad_row,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    if (source.candles.length === 0) {
      throw new UsageError(`no bars in ${values.data} between ${from ?? 'the start'} and ${to ?? 'the end'}`);
    }
    if (source.skipped.length > 0) {
      io.stderr.write(`Skipped ${source.skipped.length} bad rows of ${values.data} (on_bad_row: skip):\n`);
      for (const row of source.skipped.slice(0, 10)) io.stderr.write(`  line ${row.line}: ${row.reason}\n`);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDirectory = resolve(io.cwd, values.out ?? join('backtest-results', stamp));
    const progress = new ProgressReporter(io.stderr, source.candles.length);
    const strategies = values.strategies ? await loadStrategyModule(values.strategies, io.cwd) : [];
    const result = await runBacktest(config, {
      dataSource: source,
      strategies,
      outDirectory,
      onProgress: (count) => progress.update(count),
      dataDescription: { file: values.data, format: source.format, skipped_rows: source.skipped.length },
      store: true,
      fresh: values.fresh === true,
      onNotice: (notice) => io.stderr.write(`${notice}\n`),
    });
    progress.finish(result.summary.bars);
    io.stdout.write(`Backtest of ${symbol} on ${values.data}\n\n${formatBacktestSummary(result.summary)}\n`);
    io.stdout.write(
      `Report: ${result.files?.html}\nTrades: ${result.files?.trades}\nEquity: ${result.files?.equity}\nSummary: ${result.files?.json}\n`,
    );
    return 0;
  },
};
