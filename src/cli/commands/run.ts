import { createInspection, type Inspection } from '../../actors/createInspection.js';
import { installSignalHandlers } from '../../actors/installSignalHandlers.js';
import { loadConfig } from '../../config/configLoader.js';
import { type SystemConfigInput, serviceNames } from '../../config/systemConfig.js';
import { startOperationsServer } from '../../ops/startOperationsServer.js';
import { createTradingSystem } from '../../system/createTradingSystem.js';
import type { Command } from '../command.js';
import { formatRunSummary } from '../formatRunSummary.js';
import { loadStrategyModule } from '../loadStrategyModule.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { UsageError } from '../usageError.js';

const usage = [
  'Usage: tradestate run [--config FILE] [--symbol SYMBOL] [--data FILE.csv] [--live] [--max-candles N]',
  '                      [--services a,b] [--inspect[=local|sky]] [--inspect-port PORT] [--fresh] [--strategies FILE]',
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
  '  --inspect[=MODE]    Stream every actor to the Stately inspector: local (default, 127.0.0.1) or sky',
  '  --inspect-port PORT Port of the local inspector relay (default: orchestrator.inspect.port)',
  '  --fresh             Delete the store (store.path) and start over instead of resuming it',
  '',
  'State is kept in store.path (default ./data/run.db): an interrupted run resumes where it stopped;',
  'a finished one (data exhausted or the candle limit) starts over. With --services nothing is stored.',
  'Ctrl-C stops gracefully (services in order, bus drained); a second Ctrl-C forces the exit.',
].join('\n');

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

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
  async run(argv, io) {
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
    const maxCandles = positiveInteger('--max-candles', values['max-candles']);
    const inspectPort = positiveInteger('--inspect-port', values['inspect-port']);

    const overrides: SystemConfigInput = {
      trading: {
        ...(values.symbol ? { symbol: values.symbol, symbols: [values.symbol] } : {}),
        ...(values.data ? { data_source: { type: 'csv', path: values.data } } : {}),
      },
      ...(services ? { orchestrator: { services: services as never } } : {}),
    };
    const config = loadConfig(values.config, { env: io.env, cwd: io.cwd, overrides });

    let inspection: Inspection | undefined;
    if (inspectMode) {
      inspection = await createInspection(inspectMode, {
        host: config.orchestrator.inspect.host,
        port: inspectPort ?? config.orchestrator.inspect.port,
      });
      io.stderr.write(`Inspector: ${inspection.url}\n`);
    }
    const strategies = values.strategies ? await loadStrategyModule(values.strategies, io.cwd) : [];
    const system = await createTradingSystem(config, {
      mode: values.live ? 'live' : 'accelerated',
      strategies,
      ...(inspection ? { inspect: inspection } : {}),
      // A process running only some services shares its work over the bus: it has no run of its own to store.
      store: services === undefined,
      fresh: values.fresh === true,
      onNotice: (notice) => io.stderr.write(`${notice}\n`),
    });
    const { http } = config.orchestrator;
    const operations = http.enabled
      ? await startOperationsServer(system, {
          host: http.host,
          port: http.port,
          logger: system.logger,
          processMetrics: true,
        })
      : undefined;
    if (operations) io.stderr.write(`Operations: ${operations.url}/metrics /healthz /readyz /status\n`);
    const uninstall = installSignalHandlers(() => system.stop(), {
      logger: system.logger,
      exit: (code) => process.exit(code),
    });
    try {
      await system.run(maxCandles !== undefined ? { maxCandles } : {});
      await system.stop();
      // After the stop: orders flushed at shutdown count, and the states shown are the final ones.
      io.stdout.write(formatRunSummary(system.summary()));
      return 0;
    } finally {
      uninstall();
      await operations?.close();
      await inspection?.stop();
    }
  },
};
