import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/configError.js';
import { didYouMean } from '../config/didYouMean.js';
import { formatConfigError } from '../config/formatConfigError.js';
import { exitCodes } from '../errors/exitCodes.js';
import { UsageError } from '../errors/usageError.js';
import { UserError } from '../errors/userError.js';
import { formatSupervision } from '../system/formatSupervision.js';
import { TradingSystemHaltedError } from '../system/tradingSystemHaltedError.js';
import { type CliIO, processCliIO } from './cliIO.js';
import type { Command } from './command.js';
import { backtestCommand } from './commands/backtest.js';
import { configCommand } from './commands/config.js';
import { dataCommand } from './commands/data.js';
import { diagramCommand } from './commands/diagram.js';
import { natsCommand } from './commands/nats.js';
import { optimizeCommand } from './commands/optimize.js';
import { runCommand } from './commands/run.js';
import { strategiesCommand } from './commands/strategies.js';
import { workerCommand } from './commands/worker.js';
import { describeFileError } from './describeFileError.js';

/** The registered commands: to add one, import it and add it here. */
export const commands: readonly Command[] = [
  runCommand,
  backtestCommand,
  configCommand,
  diagramCommand,
  strategiesCommand,
  dataCommand,
  optimizeCommand,
  workerCommand,
  natsCommand,
];

/** Commands announced in the docs but not in this build yet: a clear message instead of "unknown". */
const plannedCommands = ['run', 'backtest', 'diagram'];

/**
 * The `tradestate` command line: picks the command named by `argv[0]` and runs it, turning usage and
 * configuration errors into a message and exit code 2, and any other error into one line and exit code 1
 * (with the stack when `TRADESTATE_DEBUG=1`). Never throws.
 *
 * @example
 * ```ts
 * const code = await main(['config', '--format', 'json']);
 * process.exitCode = code;
 * ```
 */
export async function main(argv: string[], io: CliIO = processCliIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(`${overview()}\n`);
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(`${overview()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === 'help') return help(rest[0], io);
  const command = commands.find((candidate) => candidate.name === first);
  if (!command) {
    const reason = plannedCommands.includes(first) ? 'is not available in this build' : 'is not a command';
    const hint = didYouMean(first, [...commands.map((candidate) => candidate.name), 'help']);
    const suggestion = hint ? ` Did you mean 'tradestate ${hint}'?` : '';
    io.stderr.write(`tradestate: '${first}' ${reason}.${suggestion} Run 'tradestate --help' for the list.\n`);
    return 2;
  }
  const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    io.stdout.write(`${usageOf(command)}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(error, command, io);
  }
}

function report(error: unknown, command: Command, io: CliIO): number {
  if (error instanceof TradingSystemHaltedError) {
    const supervision = error.summary ? formatSupervision(error.summary.supervision) : '';
    io.stderr.write(`tradestate ${command.name}: ${error.message}\n${supervision}`);
    return error.exitCode;
  }
  if (error instanceof UsageError) {
    io.stderr.write(
      `tradestate ${command.name}: ${error.message}\nRun 'tradestate ${command.name} --help' for usage.\n`,
    );
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`${formatConfigError(error)}\n`);
    return error.exitCode;
  }
  if (error instanceof UserError) {
    io.stderr.write(`tradestate ${command.name}: ${error.message}\n`);
    return error.exitCode;
  }
  const fileMessage = describeFileError(error);
  if (fileMessage !== undefined) {
    io.stderr.write(`tradestate ${command.name}: ${fileMessage}\n`);
    return exitCodes.userError;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tradestate ${command.name}: internal error: ${message.split('\n')[0]}\n`);
  if (io.env.TRADESTATE_DEBUG === '1' && error instanceof Error && error.stack)
    io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Set TRADESTATE_DEBUG=1 to see the stack trace.\n');
  return exitCodes.internalError;
}

function help(name: string | undefined, io: CliIO): number {
  if (name === undefined) {
    io.stdout.write(`${overview()}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`tradestate: '${name}' is not a command. Run 'tradestate --help' for the list.\n`);
    return 2;
  }
  io.stdout.write(`${usageOf(command)}\n`);
  return 0;
}

/** A command's usage followed by its examples, so every `--help` ends with commands to copy. */
function usageOf(command: Command): string {
  if (command.examples === undefined || command.examples.length === 0) return command.usage;
  return `${command.usage}\n\nExamples:\n${command.examples.map((example) => `  ${example}`).join('\n')}`;
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: tradestate <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command: tradestate help <command>`,
    '',
    'Options: --help, --version. Configuration: config/services.yaml, .env and environment variables',
    '(TRADING_SYMBOL=GBPUSD, LOGGING_LEVEL=DEBUG, ...); see `tradestate config`.',
  ].join('\n');
}

function version(): string {
  // src/cli/main.ts and dist/cli/main.js are both two levels below the package root.
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
