import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { NatsWireFormat } from '../../src/bus/nats/natsWireFormat.js';
import type { SystemConfigInput } from '../../src/config/systemConfig.js';
import type { OrderPlacedEvent, TradingEvent } from '../../src/events/tradingEvents.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';

const repository = join(import.meta.dirname, '..', '..');

/** The pipeline over three processes: producer and indicators, strategies, execution (the NATS user). */
export const ROLES = {
  producer: { services: 'data_fetching,indicator_calculation', user: 'producer' },
  strategy: { services: 'strategy_evaluation', user: 'strategy' },
  execution: { services: 'trade_execution', user: 'execution' },
} as const;

/** What both runs are compared on: every field of an order that the pipeline decides. */
export type OrderFacts = Pick<
  OrderPlacedEvent,
  'client_order_id' | 'symbol' | 'direction' | 'size' | 'price' | 'intent' | 'strategy_name'
>;
export const orderFacts = (order: OrderPlacedEvent): OrderFacts => ({
  client_order_id: order.client_order_id,
  symbol: order.symbol,
  direction: order.direction,
  size: order.size,
  price: order.price,
  intent: order.intent,
  strategy_name: order.strategy_name,
});

/** A seeded synthetic run that trades, on the stream and prefix `config/nats/permissions.conf` expects. */
export function crossProcessConfig(candles: number, url: string): SystemConfigInput {
  return {
    // Two symbols and a seed that trades both (16 orders in 400 candles).
    trading: {
      symbols: ['EURUSD', 'GBPUSD'],
      // Fills at the next bar's open (the default): the execution process must fill a bar's open before the
      // strategy process evaluates its close, as one process does (the indicators are sent in lockstep).
      max_candles: candles,
      max_duration_seconds: 3_600,
      data_source: { type: 'synthetic', seed: 3 },
    },
    logging: { level: 'WARNING' },
    event_bus: {
      transport: 'nats',
      nats: {
        servers: [url],
        stream: 'TRADESTATE',
        subject_prefix: 'tradestate',
        // A killed process's in-flight messages come back after this.
        ack_wait_seconds: 2,
        nak_delay_ms: 50,
      },
    },
  } as SystemConfigInput;
}

/** The environment a role's process gets: its user and password (never in the file); replies go to _INBOX_<user>. */
export function roleEnv(user: string, password: string): Record<string, string> {
  return { EVENT_BUS_NATS_USER: user, EVENT_BUS_NATS_PASSWORD: password };
}

/** The same configuration run in one process on the in-memory bus: the orders and the evaluation count. */
export async function singleProcessReference(config: SystemConfigInput) {
  const memory = {
    ...config,
    event_bus: { ...(config.event_bus as object), transport: 'memory' },
  } as SystemConfigInput;
  const system = await createTradingSystem(memory, { logger: pino({ level: 'silent' }) });
  const orders: OrderFacts[] = [];
  system.bus.subscribe('OrderPlacedEvent', (order) => {
    orders.push(orderFacts(order));
  });
  const summary = await system.run();
  await system.stop();
  const strategy = summary.metrics.services.strategy_evaluation as Record<string, number>;
  return { orders, candles: summary.candles, strategiesEvaluated: strategy.strategies_evaluated };
}

/** A temporary YAML file holding `config`; `remove()` deletes its directory. */
export function writeConfig(config: SystemConfigInput): { path: string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-xproc-'));
  const path = join(directory, 'config.yaml');
  writeFileSync(path, stringify(config));
  return { path, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** One `tradestate run --services ...` process and what it printed. */
export interface RoleProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnRole(
  services: string,
  configPath: string,
  env: Record<string, string> = {},
): RoleProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', '--services', services, '--config', configPath],
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/**
 * The exit codes of `roles`, in their order, once all have ended. Fails at once, with every process's output,
 * when one ends with a code other than 0 (the others would wait for it forever) or when they have not all
 * ended within `deadlineMs`; the processes still running are killed then, so the next test starts clean.
 */
export async function awaitExits(
  roles: Record<string, RoleProcess>,
  deadlineMs: number,
  describeState: () => Promise<string> = async () => '',
): Promise<Array<number | null>> {
  const entries = Object.entries(roles);
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`not every process ended within ${deadlineMs} ms`), deadlineMs);
    for (const [name, role] of entries) {
      void role.exited.then((code) => {
        if (code !== 0) resolve(`the ${name} process ended with code ${code}`);
      });
    }
  });
  const all = Promise.all(entries.map(([, role]) => role.exited));
  const outcome = await Promise.race([all, failure]);
  clearTimeout(timer);
  if (Array.isArray(outcome)) return outcome;
  const state = await describeState().catch((error: unknown) => `(state unavailable: ${String(error)})`);
  for (const [, role] of entries) if (role.child.exitCode === null) role.child.kill('SIGKILL');
  await all;
  const outputs = entries.map(
    ([name, role]) => `--- ${name} (exit ${role.child.exitCode ?? role.child.signalCode}):\n${role.output()}`,
  );
  throw new Error(`${outcome}\n${state}\n${outputs.join('\n')}`);
}

/** Polls `check` every `intervalMs`, at most `attempts` times; throws naming `what` if it never holds. */
export async function pollUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  attempts = 600,
  intervalMs = 100,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up waiting for ${what} after ${attempts} attempts`);
}

/** Whether the durable `name` exists on `stream` (the process that owns it has subscribed). */
export async function durableExists(jsm: JetStreamManager, stream: string, name: string): Promise<boolean> {
  try {
    await jsm.consumers.info(stream, name);
    return true;
  } catch {
    return false;
  }
}

/** Each durable on `stream`: what it has delivered, acknowledged and still holds (for a stuck run's report). */
export async function describeDurables(jsm: JetStreamManager, stream: string): Promise<string> {
  const lines: string[] = [];
  for await (const info of jsm.consumers.list(stream)) {
    lines.push(
      `${info.name}: delivered ${info.delivered.stream_seq}, ack floor ${info.ack_floor.stream_seq}, ` +
        `pending ${info.num_pending}, ack pending ${info.num_ack_pending}, redelivered ${info.num_redelivered}`,
    );
  }
  return `durables on ${stream}:\n${lines.join('\n')}`;
}

/** Messages stored on subjects matching `filter`. */
export async function countStored(jsm: JetStreamManager, stream: string, filter: string): Promise<number> {
  try {
    const info = await jsm.streams.info(stream, { subjects_filter: filter });
    return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
  } catch {
    return 0;
  }
}

/** Every event stored on subjects matching `filter`, in stream order. */
export async function readStored(
  jsm: JetStreamManager,
  stream: string,
  filter: string,
): Promise<TradingEvent[]> {
  const expected = await countStored(jsm, stream, filter);
  if (expected === 0) return [];
  const consumer = await jsm.jetstream().consumers.get(stream, {
    filter_subjects: filter,
    deliver_policy: DeliverPolicy.All,
  });
  const events: TradingEvent[] = [];
  const messages = await consumer.consume();
  for await (const message of messages) {
    const decoded = NatsWireFormat.decode(message.data);
    if (decoded.ok) events.push(decoded.event);
    if (message.info.pending === 0) break;
  }
  await messages.close();
  return events;
}

/** A number printed in a run summary: `candles  300`, or `strategies_evaluated=295`. */
export function summaryNumber(output: string, name: string): number | undefined {
  const match = new RegExp(`${name}(?:=|\\s+)(\\d+)`).exec(output);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
