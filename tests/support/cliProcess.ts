import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The checkout's root: child processes run `src/cli/main.ts` from here unless told another directory. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
/** By absolute path, so that a child started in another directory still finds the loader and the CLI. */
const tsxLoader = pathToFileURL(join(repositoryRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const cliEntry = join(repositoryRoot, 'src/cli/main.ts');

/** How a `tradestate` child process ended, with everything it wrote. */
export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `tradestate` child process. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and closed its output. */
  readonly outcome: Promise<CliOutcome>;
  /** The first match of `pattern` in stderr (written so far or later); rejects when the process ends first. */
  stderrMatch(pattern: RegExp): Promise<RegExpExecArray>;
  /** What the process has written so far. */
  output(): { stdout: string; stderr: string };
}

/** Where and with what environment a `tradestate` child process runs. */
export interface CliOptions {
  /** Set on top of `PATH` (or of this process's environment, with `inheritEnvironment`). */
  env?: Record<string, string>;
  /** Start from this process's environment rather than `PATH` alone. */
  inheritEnvironment?: boolean;
  /** The working directory; the repository's root when absent. */
  cwd?: string;
}

/**
 * Starts `tradestate <args>` from the sources (tsx) in a child process. Its environment is `PATH` and `env`
 * only, unless `inheritEnvironment` adds this process's: so that a developer's shell cannot change a test.
 */
export function startCli(args: string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: {
      ...(options.inheritEnvironment ? process.env : { PATH: process.env.PATH ?? '' }),
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const watcher of [...watchers]) watcher();
  });
  const outcome = new Promise<CliOutcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const stderrMatch = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const watcher = () => {
        const match = pattern.exec(stderr);
        if (match === null) return;
        watchers.splice(watchers.indexOf(watcher), 1);
        resolve(match);
      };
      watchers.push(watcher);
      watcher();
      void outcome.then(
        () => reject(new Error(`exited before stderr matched ${pattern}: ${stderr.slice(-2000)}`)),
        reject,
      );
    });
  return { child, outcome, stderrMatch, output: () => ({ stdout, stderr }) };
}

/**
 * Runs `tradestate <args>` to its end (see {@link startCli}); with `signal`, sends that signal once, when
 * stderr first contains the text `signal.on`.
 */
export function runCli(
  args: string[],
  options: CliOptions & { signal?: { name: NodeJS.Signals; on: string } } = {},
): Promise<CliOutcome> {
  const started = startCli(args, options);
  const { signal } = options;
  if (signal !== undefined) {
    const literal = new RegExp(signal.on.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    started.stderrMatch(literal).then(
      () => started.child.kill(signal.name),
      () => undefined,
    );
  }
  return started.outcome;
}
