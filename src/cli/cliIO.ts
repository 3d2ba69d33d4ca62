/** Somewhere a command writes text: `process.stdout`, or a buffer in tests. */
export interface CliOutput {
  write(text: string): unknown;
  /** True on a terminal: progress is redrawn in place, and a backtest's logs go to a file. */
  isTTY?: boolean;
  columns?: number;
}

/**
 * Everything a command may touch of its process, passed in so that commands run in tests without
 * spawning: output streams, environment variables and working directory.
 *
 * @example
 * ```ts
 * const io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
 * ```
 */
export interface CliIO {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * The real process's streams, environment and working directory.
 *
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), processCliIO());
 * ```
 */
export function processCliIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
