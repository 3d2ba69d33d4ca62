import type { CliIO } from './cliIO.js';

/**
 * A `tradestate` sub-command. Each lives in `src/cli/commands/<name>.ts` and is registered in
 * `src/cli/main.ts` with one import and one array entry.
 *
 * `run` gets the arguments after the command name and returns the exit code: 0 success, 1 failure, 2 bad
 * usage or configuration. It may throw `UsageError` (bad flag or value) or `ConfigError`; `main` turns those
 * into a message and exit code 2. `--help` / `-h` never reach it: `main` prints `usage` instead.
 *
 * @example
 * ```ts
 * export const helloCommand: Command = {
 *   name: 'hello',
 *   summary: 'Print a greeting',
 *   usage: 'tradestate hello [--name NAME]',
 *   examples: ['tradestate hello', 'tradestate hello --name Ada'],
 *   async run(argv, io) {
 *     const { values } = parseCommandArgs(argv, { name: { type: 'string', default: 'world' } });
 *     io.stdout.write(`hello ${values.name}\n`);
 *     return 0;
 *   },
 * };
 * ```
 */
export interface Command {
  name: string;
  /** One line, shown in `tradestate --help`. */
  summary: string;
  /** Synopsis and options, shown by `tradestate <name> --help`. */
  usage: string;
  /**
   * Two (or more) real command lines that work from the repository root, shown after `usage` under
   * "Examples:". Every registered command has them (a test checks it).
   */
  examples?: readonly string[];
  run(argv: string[], io: CliIO): Promise<number>;
}
