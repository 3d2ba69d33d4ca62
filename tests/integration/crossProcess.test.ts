import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderPlacedEvent } from '../../src/events/tradingEvents.js';
import {
  countStored,
  crossProcessConfig,
  durableExists,
  orderFacts,
  pollUntil,
  ROLES,
  type RoleProcess,
  readStored,
  singleProcessReference,
  spawnRole,
  summaryNumber,
  writeConfig,
} from './crossProcessSupport.js';
import { adminConnection } from './nats/natsTestSupport.js';

const CANDLES = 400;
const STRATEGY_DURABLE = 'tradestate_strategy_evaluation_IndicatorsCalculatedEvent';
const EXECUTION_DURABLE = 'tradestate_trade_execution_EntrySignalEvent';

let connection: NatsConnection;
let jsm: JetStreamManager;
const streams: string[] = [];
const cleanups: Array<() => void> = [];
const running: RoleProcess[] = [];

beforeAll(async () => {
  ({ connection, jsm } = await adminConnection());
});

afterAll(async () => {
  for (const role of running) if (role.child.exitCode === null) role.child.kill('SIGKILL');
  for (const stream of streams) await jsm.streams.delete(stream).catch(() => undefined);
  for (const cleanup of cleanups) cleanup();
  await connection?.close();
});

/** Starts the consumers first (as one process starts its services), then the producer. */
async function startPipeline(stream: string, configPath: string) {
  const execution = spawnRole(ROLES.execution, configPath);
  const strategy = spawnRole(ROLES.strategy, configPath);
  running.push(execution, strategy);
  await pollUntil('the execution and strategy processes to subscribe', async () => {
    return (
      (await durableExists(jsm, stream, EXECUTION_DURABLE)) &&
      (await durableExists(jsm, stream, STRATEGY_DURABLE))
    );
  });
  const producer = spawnRole(ROLES.producer, configPath);
  running.push(producer);
  return { execution, strategy, producer };
}

async function storedOrders(stream: string, prefix: string): Promise<OrderPlacedEvent[]> {
  return (await readStored(jsm, stream, `${prefix}.OrderPlacedEvent.>`)) as OrderPlacedEvent[];
}

describe('the pipeline split over three processes on NATS JetStream', () => {
  it('places exactly the orders of the single-process run on the same data, and every process ends by itself', async () => {
    const { config, stream, prefix } = crossProcessConfig(CANDLES);
    streams.push(stream);
    const file = writeConfig(config);
    cleanups.push(file.remove);
    const reference = await singleProcessReference(config);
    expect(reference.orders.length).toBeGreaterThan(10);

    const { execution, strategy, producer } = await startPipeline(stream, file.path);
    const codes = await Promise.all([producer.exited, strategy.exited, execution.exited]);

    expect(codes, producer.output() + strategy.output() + execution.output()).toEqual([0, 0, 0]);
    const orders = await storedOrders(stream, prefix);
    expect(orders.map(orderFacts)).toEqual(reference.orders);
    expect(summaryNumber(strategy.output(), 'candles')).toBe(reference.candles);
    expect(summaryNumber(strategy.output(), 'strategies_evaluated')).toBe(reference.strategiesEvaluated);
  }, 240_000);

  it('loses no candle and duplicates no order when the strategy process is killed mid-run and started again', async () => {
    const { config, stream, prefix } = crossProcessConfig(CANDLES);
    streams.push(stream);
    const file = writeConfig(config);
    cleanups.push(file.remove);
    const reference = await singleProcessReference(config);

    const { execution, strategy, producer } = await startPipeline(stream, file.path);
    await pollUntil('a third of the candles to be evaluated', async () => {
      const info = await jsm.consumers.info(stream, STRATEGY_DURABLE).catch(() => undefined);
      return (info?.ack_floor.consumer_seq ?? 0) >= CANDLES / 3;
    });
    strategy.child.kill('SIGKILL');
    await strategy.exited;
    // Killed mid-run: the producer has not finished (it waits for the strategy to come back).
    expect(await countStored(jsm, stream, `${prefix}.EndOfDataEvent.>`)).toBe(0);

    const restarted = spawnRole(ROLES.strategy, file.path);
    running.push(restarted);
    const codes = await Promise.all([producer.exited, restarted.exited, execution.exited]);

    expect(codes, producer.output() + restarted.output() + execution.output()).toEqual([0, 0, 0]);
    const orders = await storedOrders(stream, prefix);
    const ids = orders.map((order) => order.client_order_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(orders.map(orderFacts)).toEqual(reference.orders);
    // The restarted process rebuilt its state from the stream and went on: every candle's indicators
    // were evaluated exactly once in the state it ended with, none lost, none twice.
    expect(summaryNumber(restarted.output(), 'candles')).toBe(reference.candles);
    expect(summaryNumber(restarted.output(), 'strategies_evaluated')).toBe(reference.strategiesEvaluated);
    const durable = await jsm.consumers.info(stream, STRATEGY_DURABLE);
    expect(durable.num_pending + durable.num_ack_pending).toBe(0);
    expect(durable.ack_floor.consumer_seq).toBeGreaterThanOrEqual(
      await countStored(jsm, stream, `${prefix}.IndicatorsCalculatedEvent.>`),
    );
  }, 240_000);
});
