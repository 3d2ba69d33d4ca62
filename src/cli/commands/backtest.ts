import { join, resolve } from 'node:path';
import { runBacktest } from '../../backtest/runBacktest.js';
import { type ConfigLoadOptions, loadConfig } from '../../config/configLoader.js';
import { UsageError } from '../../errors/usageError.js';
import { describeBlockedPeriods } from '../../execution/describeBlockedPeriods.js';
import { CsvFileSource } from '../../market/csvFileSource.js';
import { loadStrategyModule } from '../../strategies/loadStrategyModule.js';
import { formatSupervision } from '../../system/formatSupervision.js';
import { parseIsoDate } from '../../util/parseIsoDate.js';
import { checkInputFlags } from '../checkInputFlags.js';
import { checkLogFileFlag } from '../checkLogFileFlag.js';
import type { CliIO } from '../cliIO.js';
import type { Command } from '../command.js';
import { filePathsCheck } from '../filePathsCheck.js';
import { flagValue } from '../flagValue.js';
import { formatBacktestSummary } from '../formatBacktestSummary.js';
import { latchStartupSignals, type StartupSignals, stopSignalExitCode } from '../latchStartupSignals.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { ProgressReporter } from '../progressReporter.js';
import { strategiesConfigCheck } from '../strategiesConfigCheck.js';
import { terminalLogging } from '../terminalLogging.js';
import { warmUpWarning } from '../warmUpWarning.js';

/** Bars between two progress updates. */
const progressEvery = 64;

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
  '  --log-file FILE   Write the logs to FILE (default: stderr; on a terminal, DIR/backtest.log so the',
  '                    progress bar keeps its line)',
  '  --quiet           No progress bar and only ERROR logs; the summary is still printed',
  '',
  'Ctrl-C (SIGINT) or SIGTERM stops the replay after the bar under way: the store keeps its checkpoint (the same',
  'command resumes from there; --fresh starts over), the summary and the report cover the bars that ran, and',
  'the exit code is 130/143. A second signal forces the exit.',
].join('\n');

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
  examples: [
    'tradestate backtest --data examples/data/msft_2000_2001_daily.csv --symbol MSFT',
    'tradestate backtest --data examples/data/msft_2000_2001_daily.csv --symbol MSFT --config examples/config/breakout.yaml --strategies examples/strategies/closeBreakout.js --out results/breakout',
  ],
  async run(argv, io) {
    // One latch for the whole command: a signal during the checks stops before the store is opened; one
    // during the replay stops it after the bar under way. A second signal forces the exit.
    const interrupt = new AbortController();
    const signals = latchStartupSignals({
      exit: (code) => process.exit(code),
      onSignal: (signal) => {
        io.stderr.write(`${signal} received: stopping after the current bar (send again to force)\n`);
        interrupt.abort(signal);
      },
    });
    try {
      return await backtestWith(argv, io, signals, interrupt.signal);
    } finally {
      signals.release();
    }
  },
};

async function backtestWith(
  argv: string[],
  io: CliIO,
  signals: StartupSignals,
  interrupt: AbortSignal,
): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string', short: 'd' },
    symbol: { type: 'string', short: 's' },
    config: { type: 'string', short: 'c' },
    strategies: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string', short: 'o' },
    fresh: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    'log-file': { type: 'string' },
  });
  // Everything the user gave is checked before the store is opened and before --fresh empties it.
  if (!values.data) throw new UsageError('--data FILE.csv is required');
  const from = flagValue.date('--from', values.from);
  const to = flagValue.date('--to', values.to);
  // Said as such: reading the file first would only report that no bar lies between them.
  if (from !== undefined && to !== undefined && parseIsoDate(from)! > parseIsoDate(to)!)
    throw new UsageError(`--from ${from} is after --to ${to}: the period would be empty`);
  const symbolFlag = flagValue.symbol('--symbol', values.symbol);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDirectory = resolve(io.cwd, values.out ?? join('backtest-results', stamp));
  const dataPath = resolve(io.cwd, values.data);
  checkInputFlags(io.cwd, { '--data': values.data, '--config': values.config }, { '--out': outDirectory });
  const logFileFlag = values['log-file'] === undefined ? undefined : resolve(io.cwd, values['log-file']);
  checkLogFileFlag(values['log-file'], logFileFlag);
  const strategies = values.strategies ? await loadStrategyModule(values.strategies, io.cwd) : [];
  const loadOptions: ConfigLoadOptions = {
    env: io.env,
    cwd: io.cwd,
    overrides: {
      trading: {
        ...(symbolFlag ? { symbol: symbolFlag, symbols: [symbolFlag] } : {}),
        data_source: { type: 'csv', path: dataPath },
      },
    },
  };
  const configured = loadConfig(values.config, {
    ...loadOptions,
    checks: [filePathsCheck({ store: true })],
  });
  const symbol = symbolFlag ?? configured.trading.symbols?.[0] ?? configured.trading.symbol;
  // Validated up front in one read that keeps the bars packed (a file of over 2M bars is read again).
  const source = CsvFileSource.open(dataPath, {
    symbol,
    onBadRow: configured.trading.data_source.on_bad_row,
    ...(from !== undefined ? { from: parseIsoDate(from)! } : {}),
    ...(to !== undefined ? { to: parseIsoDate(to)! } : {}),
  });
  if (source.bars === 0) {
    throw new UsageError(`no bars in ${values.data} between ${from ?? 'the start'} and ${to ?? 'the end'}`);
  }
  const logging = terminalLogging({
    quiet: values.quiet === true,
    logFile: logFileFlag,
    configured: configured.logging.file,
    terminal: io.stderr.isTTY === true,
    outDirectory,
  });
  // Strategies are checked against the file's own bar spacing, as the run will build them.
  const config = loadConfig(values.config, {
    ...loadOptions,
    overrides: { ...loadOptions.overrides, ...(logging.overrides ? { logging: logging.overrides } : {}) },
    checks: [strategiesConfigCheck(strategies, source.baseTimeframe)],
  });
  if (source.skipped.length > 0) {
    io.stderr.write(`Skipped ${source.skipped.length} bad rows of ${values.data} (on_bad_row: skip):\n`);
    for (const row of source.skipped.slice(0, 10)) io.stderr.write(`  line ${row.line}: ${row.reason}\n`);
  }
  const warning = warmUpWarning(config, source.bars, values.data);
  if (warning !== undefined) io.stderr.write(`${warning}\n`);
  if (signals.received !== undefined) {
    io.stdout.write(
      `Backtest of ${symbol} on ${values.data}\n  interrupted during start-up (${signals.received}): nothing was run, the store was not opened\n`,
    );
    return signals.exitCode();
  }
  const progress = values.quiet ? undefined : new ProgressReporter(io.stderr, source.bars);
  const result = await runBacktest(config, {
    dataSource: source,
    strategies,
    outDirectory,
    // Every 64th bar: the bar redraws at most every 100 ms, and reading the clock per bar cost 1% of a run.
    ...(progress !== undefined
      ? { onProgress: (count: number) => (count % progressEvery === 0 ? progress.update(count) : undefined) }
      : {}),
    dataDescription: { file: values.data, format: source.format, skipped_rows: source.skipped.length },
    store: true,
    fresh: values.fresh === true,
    onNotice: (notice) => (progress ? progress.writeAbove(notice) : io.stderr.write(`${notice}\n`)),
    signal: interrupt,
  });
  progress?.finish(result.summary.bars);
  const { interrupted } = result;
  io.stdout.write(
    `Backtest of ${symbol} on ${values.data}\n${
      interrupted
        ? `Interrupted at ${interrupted.at ?? 'the start (no bar replayed)'} (${interrupted.reason}) after ${interrupted.bars} of ${source.bars} bars: figures and report cover that part; the store keeps its checkpoint (run the same command to resume)\n`
        : ''
    }\n${formatBacktestSummary(result.summary)}\n`,
  );
  const first = source.firstTime ?? 0;
  const last = source.lastTime ?? first;
  const { margin } = result;
  io.stdout.write(
    `${[
      ...describeBlockedPeriods(result.blocked_periods, first, last),
      `Margin             ${margin.margin_calls} margin calls, ${margin.rejected_orders} orders rejected${
        margin.rejected_orders > 0
          ? ` (${Object.entries(margin.rejections)
              .map(([reason, count]) => `${reason} ${count}`)
              .join(', ')})`
          : ''
      }`,
      ...(margin.cancellations?.limit_expired
        ? [
            `Limit entries      ${margin.cancellations.limit_expired} cancelled unfilled (trading.limit_expiry_bars)`,
          ]
        : []),
    ].join('\n')}\n\n`,
  );
  io.stdout.write(
    `Report: ${result.files?.html}\nTrades: ${result.files?.trades}\nEquity: ${result.files?.equity}\nSummary: ${result.files?.json}\n`,
  );
  if (logging.announce !== undefined) io.stdout.write(`Log: ${logging.announce}\n`);
  if (result.halted !== undefined) io.stderr.write(`tradestate backtest: ${result.halted}\n`);
  io.stderr.write(formatSupervision(result.supervision));
  if (interrupted !== undefined && signals.received !== undefined)
    return stopSignalExitCode(signals.received);
  return result.supervision.exit_code;
}
