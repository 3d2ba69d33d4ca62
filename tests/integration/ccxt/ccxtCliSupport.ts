import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SimulatedBinanceVenue } from '../../support/simulatedBinanceVenue.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const exampleConfig = 'examples/config/binance-dry-run.yaml';

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Environment without a developer's overrides (TRADING_..., LOGGING_...), plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TRADING|SERVICES|LOGGING|EVENT_BUS|ORCHESTRATOR|RISK|STORE)_/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** `tradestate <args>` in a child process, as a user runs it. */
export function startCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Awaited<CliRun['done']>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** The environment that points the example config at `venue`, fast-paced, with the venue's keys. */
export function venueEnv(venue: SimulatedBinanceVenue, storePath: string): Record<string, string> {
  return {
    TRADING_DATA_SOURCE_API_URL: venue.url,
    SERVICES_DATA_FETCHING_FETCH_INTERVAL: '0.05',
    TRADING_BROKER_API_KEY: venue.apiKey,
    TRADING_BROKER_API_SECRET: venue.secret,
    STORE_PATH: storePath,
  };
}

/** A venue that closes one bar every `everyMs` until `stop()`. */
export async function runningVenue(
  everyMs = 120,
): Promise<{ venue: SimulatedBinanceVenue; stop: () => Promise<void> }> {
  const venue = new SimulatedBinanceVenue();
  await venue.start();
  const timer = setInterval(() => venue.advance(), everyMs);
  return {
    venue,
    stop: async () => {
      clearInterval(timer);
      await venue.stop();
    },
  };
}

/** `  orders           14` → 14 */
export function summaryValue(stdout: string, label: string): number {
  const match = new RegExp(`^  ${label}\\s+(-?[\\d.]+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${label}" in the summary:\n${stdout}`);
  return Number(match[1]);
}

/** `orders_rejected=3` in the services' metrics → 3 */
export function metricValue(stdout: string, name: string): number {
  const match = new RegExp(`${name}=(\\d+)`).exec(stdout);
  if (!match) throw new Error(`no ${name} in the summary:\n${stdout}`);
  return Number(match[1]);
}
