import type { JetStreamManager } from '@nats-io/jetstream';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderPlacedEvent } from '../../src/events/tradingEvents.js';
import {
  awaitExits,
  countStored,
  crossProcessConfig,
  describeDurables,
  durableExists,
  type OrderFacts,
  orderFacts,
  pollUntil,
  ROLES,
  type RoleProcess,
  readStored,
  roleEnv,
  singleProcessReference,
  spawnRole,
  summaryNumber,
  writeConfig,
} from './crossProcessSupport.js';
import { type PrivateNatsServer, startPrivateNatsServer } from './nats/privateNatsServer.js';

const CANDLES = 400;
const STREAM = 'TRADESTATE';
const STRATEGY_DURABLE = 'tradestate_strategy_evaluation_IndicatorsCalculatedEvent';
const EXECUTION_DURABLE = 'tradestate_trade_execution_EntrySignalEvent';
const EXECUTION_CANDLES = 'tradestate_trade_execution_NewCandleEvent';
/** A run takes about 5 s here; past this it is stuck, and the processes' output says where. */
const RUN_DEADLINE_MS = 120_000;

let server: PrivateNatsServer;
let admin: NatsConnection;
let jsm: JetStreamManager;
let configPath: string;
const cleanups: Array<() => void> = [];
const running: RoleProcess[] = [];

beforeAll(async () => {
  // Its own nats-server with the shipped permission layout: every process connects as its role's user.
  server = await startPrivateNatsServer();
  admin = await connect({ servers: server.url, user: 'admin', pass: server.passwords.admin });
  jsm = await jetstreamManager(admin);
  const file = writeConfig(crossProcessConfig(CANDLES, server.url));
  cleanups.push(file.remove);
  configPath = file.path;
});

afterAll(async () => {
  for (const role of running) if (role.child.exitCode === null) role.child.kill('SIGKILL');
  await admin?.close();
  await server?.stop();
  for (const cleanup of cleanups) cleanup();
});

function spawn(role: (typeof ROLES)[keyof typeof ROLES]): RoleProcess {
  const process = spawnRole(role.services, configPath, roleEnv(role.user, server.passwords[role.user]));
  running.push(process);
  return process;
}

/** Starts the consumers first (as one process starts its services), then the producer. */
async function startPipeline() {
  const execution = spawn(ROLES.execution);
  const strategy = spawn(ROLES.strategy);
  await pollUntil('the execution and strategy processes to subscribe', async () => {
    return (
      (await durableExists(jsm, STREAM, EXECUTION_DURABLE)) &&
      (await durableExists(jsm, STREAM, STRATEGY_DURABLE))
    );
  });
  const producer = spawn(ROLES.producer);
  return { execution, strategy, producer };
}

/** On a fresh stream: the single-process reference, and the pipeline with `role` killed a third of the way. */
async function runKilling(role: 'strategy' | 'execution', durable: string) {
  await jsm.streams.delete(STREAM).catch(() => undefined);
  const reference = await singleProcessReference(crossProcessConfig(CANDLES, server.url));
  const pipeline = await startPipeline();
  await pollUntil(`a third of the candles to reach the ${role} process`, async () => {
    const info = await jsm.consumers.info(STREAM, durable).catch(() => undefined);
    return (info?.ack_floor.consumer_seq ?? 0) >= CANDLES / 3;
  });
  pipeline[role].child.kill('SIGKILL');
  await pipeline[role].exited;
  return { reference, ...pipeline };
}

const durables = () => describeDurables(jsm, STREAM);

async function storedOrders(): Promise<OrderPlacedEvent[]> {
  return (await readStored(jsm, STREAM, 'tradestate.OrderPlacedEvent.>')) as OrderPlacedEvent[];
}

describe('the pipeline split over three processes on NATS JetStream, with a user and permissions per role', () => {
  it('places exactly the orders of the single-process run, twice in a row on the same stream, every process ending by itself', async () => {
    const reference = await singleProcessReference(crossProcessConfig(CANDLES, server.url));
    expect(reference.orders.length).toBeGreaterThan(10);

    for (const run of [1, 2]) {
      const before = (await storedOrders()).length;
      const { execution, strategy, producer } = await startPipeline();
      expect(
        await awaitExits({ producer, strategy, execution }, RUN_DEADLINE_MS, durables),
        `run ${run}`,
      ).toEqual([0, 0, 0]);
      const orders = (await storedOrders()).slice(before);
      expect(orders.map(orderFacts), `run ${run}`).toEqual(reference.orders);
      expect(summaryNumber(strategy.output(), 'candles')).toBe(reference.candles);
      expect(summaryNumber(strategy.output(), 'strategies_evaluated')).toBe(reference.strategiesEvaluated);
      // Only the process with the broker reports money; the others say what passed through them.
      expect(execution.output()).toMatch(/PnL\s+-?\d/);
      expect(strategy.output()).not.toMatch(/PnL\s+-?\d/);
      expect(strategy.output()).toMatch(/no broker: no PnL/);
    }
    expect(await countStored(jsm, STREAM, 'tradestate.EndOfDataEvent.>')).toBe(2);
  }, 360_000);

  it('loses no candle and duplicates no order when the strategy process is killed mid-run and started again', async () => {
    const { reference, execution, producer } = await runKilling('strategy', STRATEGY_DURABLE);
    // Killed mid-run: the producer has not finished (it waits for the strategy to come back).
    expect(await countStored(jsm, STREAM, 'tradestate.EndOfDataEvent.>')).toBe(0);

    const restarted = spawn(ROLES.strategy);
    expect(await awaitExits({ producer, restarted, execution }, RUN_DEADLINE_MS, durables)).toEqual([
      0, 0, 0,
    ]);
    const orders = await storedOrders();
    const ids = orders.map((order) => order.client_order_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(orders.map(orderFacts)).toEqual(reference.orders);
    // The restarted process rebuilt its state from the stream and went on: every candle's indicators
    // were evaluated exactly once in the state it ended with, none lost, none twice.
    expect(summaryNumber(restarted.output(), 'candles')).toBe(reference.candles);
    expect(summaryNumber(restarted.output(), 'strategies_evaluated')).toBe(reference.strategiesEvaluated);
    const durable = await jsm.consumers.info(STREAM, STRATEGY_DURABLE);
    expect(durable.num_pending + durable.num_ack_pending).toBe(0);
    // Acked through the last indicators stored (by stream sequence: the restarted process creates its
    // durable again at the ack floor, so that what the killed one held at a barrier comes again at once).
    const lastIndicators = await Promise.all(
      ['EURUSD', 'GBPUSD'].map(async (symbol) => {
        const subject = `tradestate.IndicatorsCalculatedEvent.${symbol}`;
        return (await jsm.streams.getMessage(STREAM, { last_by_subj: subject }))?.seq ?? 0;
      }),
    );
    expect(Math.min(...lastIndicators)).toBeGreaterThan(0);
    expect(durable.ack_floor.stream_seq).toBeGreaterThanOrEqual(Math.max(...lastIndicators));
  }, 240_000);

  it('places the same orders when the execution process is killed mid-run and started again', async () => {
    // The strategies run ahead of execution while it is flat: its restart must leave them consistent.
    const { reference, strategy, producer } = await runKilling('execution', EXECUTION_CANDLES);

    const restarted = spawn(ROLES.execution);
    expect(await awaitExits({ producer, strategy, restarted }, RUN_DEADLINE_MS, durables)).toEqual([0, 0, 0]);
    // At-least-once (README, "Restart"): a message the killed process had handled but not yet acknowledged
    // is handled again by the restarted one, so its order event can be stored twice. Both carry the same
    // deterministic client order id and the same order: downstream deduplicates by that id.
    const firstById = new Map<string, OrderFacts>();
    for (const order of (await storedOrders()).map(orderFacts)) {
      const earlier = firstById.get(order.client_order_id);
      if (earlier === undefined) firstById.set(order.client_order_id, order);
      else expect(order, 'an order event stored twice carries the same order').toEqual(earlier);
    }
    expect([...firstById.values()]).toEqual(reference.orders);
    expect(summaryNumber(strategy.output(), 'strategies_evaluated')).toBe(reference.strategiesEvaluated);
  }, 240_000);

  it('stops a producer that waits for a killed consumer on SIGINT, printing what it did', async () => {
    await jsm.streams.delete(STREAM).catch(() => undefined);
    const { execution, strategy, producer } = await startPipeline();
    await pollUntil('some candles to be evaluated', async () => {
      const info = await jsm.consumers.info(STREAM, STRATEGY_DURABLE).catch(() => undefined);
      return (info?.ack_floor.consumer_seq ?? 0) >= 20;
    });
    strategy.child.kill('SIGKILL');
    execution.child.kill('SIGKILL');
    await Promise.all([strategy.exited, execution.exited]);
    producer.child.kill('SIGINT');
    // A hang would fail here (the poll gives up); how long the stop took is measured, not asserted.
    await pollUntil('the producer to exit after SIGINT', () => producer.child.exitCode !== null, 100, 100);
    expect(producer.child.exitCode, producer.output()).toBe(0);
    expect(producer.output()).toMatch(/Run summary/);
    expect(summaryNumber(producer.output(), 'candles')).toBeGreaterThan(0);
    expect(await countStored(jsm, STREAM, 'tradestate.EndOfDataEvent.>')).toBe(0);
  }, 120_000);
});
