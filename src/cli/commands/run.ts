import { resolve } from 'node:path';
import { loadConfig } from '../../config/configLoader.js';
import { type SystemConfigInput, serviceNames } from '../../config/systemConfig.js';
import { UsageError } from '../../errors/usageError.js';
import type { Broker } from '../../execution/broker.js';
import type { Inspection } from '../../ops/createInspection.js';
import { installSignalHandlers } from '../../ops/installSignalHandlers.js';
import type { startOperationsServer } from '../../ops/startOperationsServer.js';
import { loadStrategyModule } from '../../strategies/loadStrategyModule.js';
import { createTradingSystem } from '../../system/createTradingSystem.js';
import { formatSupervision } from '../../system/formatSupervision.js';
import { checkInputFlags } from '../checkInputFlags.js';
import { checkLogFileFlag } from '../checkLogFileFlag.js';
import type { CliIO } from '../cliIO.js';
import type { Command } from '../command.js';
import { filePathsCheck } from '../filePathsCheck.js';
import { flagValue } from '../flagValue.js';
import { formatRunSummary } from '../formatRunSummary.js';
import {
  latchStartupSignals,
  type StartupSignals,
  type StopSignal,
  stopSignalExitCode,
} from '../latchStartupSignals.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { strategiesConfigCheck } from '../strategiesConfigCheck.js';
import { terminalLogging } from '../terminalLogging.js';

const usage = [
  'Usage: tradestate run [--config FILE] [--symbol SYMBOL] [--data FILE.csv] [--live] [--max-candles N]',
  '                      [--services a,b] [--inspect[=local|sky]] [--inspect-port PORT] [--fresh] [--strategies FILE]',
  '                      [--live-trading]',
  '',
  'Runs the supervised trading system with the paper broker. By default on the seeded synthetic feed, as fast',
  'as the data allows, until trading.max_candles candles or trading.max_duration_seconds; then prints a summary.',
  '',
  'Options:',
  '  --config FILE       YAML configuration (default: config/services.yaml when present, else defaults)',
  '  --strategies FILE   A module exporting your strategy definitions (defineStrategy), usable by type in the config',
  '  --symbol SYMBOL     Trade this symbol (overrides trading.symbol)',
  '  --data FILE.csv     Replay this CSV file (generic OHLCV or MetaTrader 5 export) instead of the synthetic feed',
  '  --live              Paced mode: one fetch every services.data_fetching.fetch_interval seconds, until Ctrl-C',
  '  --max-candles N     Stop after N base candles',
  '  --services LIST     Run only these services in this process (comma-separated), e.g. data_fetching',
  '  --inspect[=MODE]    Live inspector: local (default: a page on 127.0.0.1 that works offline, kept up',
  "                      after the run until Ctrl-C) or sky (Stately's hosted inspector, needs internet)",
  '  --inspect-port PORT Port of the local inspector relay (default: orchestrator.inspect.port)',
  '  --fresh             Delete the store (store.path) and start over instead of resuming it',
  '  --live-trading      Send REAL orders to the exchange of trading.data_source (type ccxt), with the keys in',
  '                      TRADING_BROKER_API_KEY / _SECRET (/ _PASSWORD). Without it an exchange feed is a dry run:',
  '                      live candles, paper broker. trading.data_source.sandbox: true trades on the testnet.',
  '  --log-file FILE     Write the logs to FILE instead of stderr (overrides logging.file)',
  '  --quiet             Only ERROR logs; the summary is still printed',
  '',
  'State is kept in store.path (default ./data/run.db): an interrupted run resumes where it stopped;',
  'a finished one (data exhausted or the candle limit) starts over. With --services nothing is stored.',
  'Ctrl-C stops gracefully (services in order, bus drained); a second Ctrl-C forces the exit. A signal during',
  'start-up (or while a resume replays its checkpointed bars) stops before trading: summary, exit 130/143.',
].join('\n');

/** `--inspect` alone means the local inspector; parseArgs needs a value, so give it one. */
function normalizeInspectFlag(argv: string[]): string[] {
  return argv.map((argument) => (argument === '--inspect' ? '--inspect=local' : argument));
}

/**
 * `tradestate run`: the whole system, supervised, with a summary at the end.
 *
 * @example
 * ```ts
 * await runCommand.run(['--max-candles', '500'], processCliIO());
 * ```
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run the supervised trading system (paper broker) and print a summary',
  usage,
  examples: [
    'tradestate run --max-candles 500 --quiet',
    'tradestate run --data examples/data/msft_2000_2001_daily.csv --symbol MSFT --log-file run.log',
  ],
  async run(argv, io) {
    // Until the graceful handlers are installed, a signal is held: the step under way finishes (nothing
    // half-written), then the run stops and still prints its summary.
    const startup = latchStartupSignals({
      exit: (code) => process.exit(code),
      onSignal: (signal) =>
        io.stderr.write(
          `${signal} received during start-up: stopping once it is safe (send again to force)\n`,
        ),
    });
    try {
      return await runCommandWith(argv, io, startup);
    } finally {
      startup.release();
    }
  },
};

async function runCommandWith(argv: string[], io: CliIO, startup: StartupSignals): Promise<number> {
  const { values } = parseCommandArgs(normalizeInspectFlag(argv), {
    config: { type: 'string', short: 'c' },
    strategies: { type: 'string' },
    symbol: { type: 'string' },
    data: { type: 'string' },
    live: { type: 'boolean', default: false },
    'max-candles': { type: 'string' },
    services: { type: 'string' },
    inspect: { type: 'string' },
    'inspect-port': { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'live-trading': { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    'log-file': { type: 'string' },
  });
  const inspectMode = values.inspect;
  if (inspectMode !== undefined && inspectMode !== 'local' && inspectMode !== 'sky') {
    throw new UsageError(`--inspect must be local or sky, got ${JSON.stringify(inspectMode)}`);
  }
  const services = values.services?.split(',').map((name) => name.trim());
  for (const name of services ?? []) {
    if (!(serviceNames as readonly string[]).includes(name)) {
      throw new UsageError(
        `--services: unknown service ${JSON.stringify(name)} (known: ${serviceNames.join(', ')})`,
      );
    }
  }
  // Everything the user gave is checked before the store is opened and before --fresh empties it.
  const maxCandles = flagValue.integer('--max-candles', values['max-candles'], { min: 1 });
  const inspectPort = flagValue.port('--inspect-port', values['inspect-port']);
  const symbol = flagValue.symbol('--symbol', values.symbol);
  checkInputFlags(io.cwd, { '--data': values.data, '--config': values.config });
  const logFile = values['log-file'] === undefined ? undefined : resolve(io.cwd, values['log-file']);
  checkLogFileFlag(values['log-file'], logFile);
  const logging = terminalLogging({
    quiet: values.quiet === true,
    logFile,
    configured: undefined,
    terminal: false,
  });
  const strategies = values.strategies ? await loadStrategyModule(values.strategies, io.cwd) : [];

  const overrides: SystemConfigInput = {
    trading: {
      ...(symbol ? { symbol, symbols: [symbol] } : {}),
      ...(values.data ? { data_source: { type: 'csv', path: values.data } } : {}),
    },
    ...(services ? { orchestrator: { services: services as never } } : {}),
    ...(logging.overrides ? { logging: logging.overrides } : {}),
  };
  const config = loadConfig(values.config, {
    env: io.env,
    cwd: io.cwd,
    overrides,
    checks: [filePathsCheck({ store: services === undefined }), strategiesConfigCheck(strategies)],
  });

  if (startup.received !== undefined) {
    io.stdout.write(
      `Run summary\n  interrupted during start-up (${startup.received}): nothing was run, the store was not opened\n`,
    );
    return startup.exitCode();
  }
  let inspection: Inspection | undefined;
  if (inspectMode) {
    // Loaded on use, like the operations server: start-up pays for what the run uses.
    const { createInspection } = await import('../../ops/createInspection.js');
    inspection = await createInspection(inspectMode, {
      host: config.orchestrator.inspect.host,
      port: inspectPort ?? config.orchestrator.inspect.port,
    });
    io.stderr.write(`Inspector: ${inspection.url}\n`);
  }
  // An exchange feed is live by nature; real orders only with --live-trading (a dry run by default).
  const exchange = config.trading.data_source.type === 'ccxt' ? config.trading.data_source : undefined;
  if (values['live-trading'] && !exchange)
    throw new UsageError('--live-trading needs trading.data_source.type: ccxt (an exchange to trade on)');
  let broker: Broker | undefined;
  if (exchange) {
    const where = `${exchange.exchange}${exchange.sandbox ? ' (sandbox)' : ''}`;
    if (values['live-trading']) {
      const { openCcxtBroker } = await import('../../execution/ccxt/openCcxtBroker.js');
      broker = await openCcxtBroker(config, { onNotice: (notice) => io.stderr.write(`${notice}\n`) });
      io.stderr.write(`LIVE TRADING on ${where}: orders are real\n`);
    } else {
      io.stderr.write(
        `Dry run: live candles from ${where}, orders go to the paper broker (--live-trading for real orders)\n`,
      );
    }
  }
  const system = await createTradingSystem(config, {
    mode: values.live || exchange ? 'live' : 'accelerated',
    ...(broker ? { broker } : {}),
    strategies,
    ...(inspection ? { inspect: inspection } : {}),
    // A process running only some services shares its work over the bus: it has no run of its own to store.
    store: services === undefined,
    fresh: values.fresh === true,
    onNotice: (notice) => io.stderr.write(`${notice}\n`),
  });
  // A signal held during start-up, or one that comes before trading begins (services starting, a resume
  // replaying its checkpoint): the run stops with the store as the last run left it, and exits 130/143.
  // Building the system may not have returned to the event loop: a signal that came during it is read now
  // (Node reads it in one loop turn and runs its listeners in a later one: two turns, measured).
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  let interruptedBy: StopSignal | undefined = startup.received;
  startup.release();
  const uninstall = installSignalHandlers(
    (signal) => {
      if (system.startingUp) interruptedBy ??= signal;
      return system.stop();
    },
    { logger: system.logger, exit: (code) => process.exit(code) },
  );
  let operations: Awaited<ReturnType<typeof startOperationsServer>> | undefined;
  try {
    inspection?.watchBus(system.bus);
    const { http } = config.orchestrator;
    if (http.enabled && interruptedBy === undefined) {
      const { startOperationsServer } = await import('../../ops/startOperationsServer.js');
      operations = await startOperationsServer(system, {
        ...http,
        logger: system.logger,
        processMetrics: true,
      });
      io.stderr.write(`Operations: ${operations.url}/metrics /healthz /readyz /status\n`);
    }
    if (interruptedBy === undefined) await system.run(maxCandles !== undefined ? { maxCandles } : {});
    await system.stop();
    // After the stop: orders flushed at shutdown count, and the states shown are the final ones.
    const summary = system.summary();
    io.stdout.write(formatRunSummary(summary));
    io.stdout.write(formatSupervision(summary.supervision));
    if (interruptedBy !== undefined) {
      io.stdout.write(
        `Interrupted during start-up (${interruptedBy}): stopped before trading; the store keeps its last checkpoint\n`,
      );
      return stopSignalExitCode(interruptedBy);
    }
    if (inspectMode === 'local' && inspection) {
      // The live page keeps the final states on screen until the user is done with it.
      uninstall();
      io.stderr.write(`Run finished; the inspector stays up at ${inspection.url} until Ctrl-C\n`);
      const { untilInterrupted } = await import('../../ops/untilInterrupted.js');
      await untilInterrupted();
    }
    return summary.supervision.exit_code;
  } finally {
    // Also after a halt: supervision's timers run on wall time and would keep the process alive.
    await system.stop();
    uninstall();
    await operations?.close();
    await inspection?.stop();
  }
}
