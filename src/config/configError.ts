import { UserError } from '../errors/userError.js';

/**
 * Where a configuration value came from.
 *
 * @example
 * ```ts
 * const error = new ConfigError([]); // as thrown by loadConfig
 * for (const problem of error.problems) {
 *   if (problem.source?.kind === 'file') console.log(`${problem.source.file}:${problem.source.line}`);
 * }
 * ```
 */
export type ConfigSource =
  /** A value in a YAML file; line and column are 1-based. */
  | { kind: 'file'; file: string; line: number; column: number }
  /** An environment variable; `file` is set when it came from a `.env` file. */
  | { kind: 'env'; variable: string; file?: string }
  /** An object given in code: `ConfigLoader.fromObject(input)` or the `overrides` option of `load`. */
  | { kind: 'object' }
  /** A schema default. */
  | { kind: 'default' };

/**
 * One thing wrong with a configuration.
 *
 * @example
 * ```ts
 * try { loadConfig('config/services.yaml'); } catch (error) {
 *   if (error instanceof ConfigError) for (const problem of error.problems) console.error(problem.path, problem.message);
 * }
 * ```
 */
export interface ConfigProblem {
  /** Dotted path of the offending value (`services.data_fetching.fetch_interval`); '' for the whole file. */
  path: string;
  /** The offending value as given (undefined when it is missing). */
  value: unknown;
  /** What would have been accepted, in words ("a positive number"). */
  expected: string;
  /** The whole explanation, including any "did you mean" hint. */
  message: string;
  source: ConfigSource;
}

/**
 * Thrown by `ConfigLoader.load` with every problem found, so that a user fixes them all in one pass.
 * Render it with `formatConfigError`.
 *
 * @example
 * ```ts
 * try {
 *   ConfigLoader.load('config/services.yaml');
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(formatConfigError(error));
 * }
 * ```
 */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const count = problems.length;
    const first = problems[0];
    super(
      `Invalid configuration: ${count} problem${count === 1 ? '' : 's'}` +
        (first ? ` (first: ${first.path ? `${first.path}: ` : ''}${first.message})` : ''),
    );
    this.problems = problems;
  }
}
