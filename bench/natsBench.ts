import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { ensureNatsStream } from '../src/bus/nats/ensureNatsStream.js';
import { NatsEventBus } from '../src/bus/nats/natsEventBus.js';
import { NatsWireFormat } from '../src/bus/nats/natsWireFormat.js';
import { EventBusConfigSchema, type SystemConfig } from '../src/config/systemConfig.js';
import { EventFactory } from '../src/events/eventFactory.js';
import type { NewCandleEvent } from '../src/events/tradingEvents.js';
import { SimulatedClock } from '../src/util/clock.js';
import { createIdGenerator } from '../src/util/idGenerator.js';
import { type BenchRow, median } from './benchRow.js';

const servers = [process.env.NATS_URL ?? 'nats://127.0.0.1:4222'];
const eventsPerRound = 10_000;
const throughputRounds = 3;
const latencySamples = 500;
const latencyWarmUp = 50;
const logger = pino({ level: 'silent' });

/**
 * The NATS JetStream transport against the running server (`NATS_URL`, default 127.0.0.1:4222):
 * - throughput of 10 000 `NewCandleEvent`s from a bus on one connection to a durable consumer of a bus on
 *   another (publish, stream, validate, handle, ack), median of 3 rounds, each on a fresh stream; baseline:
 *   the same bytes over core NATS publish/subscribe (no persistence, no acks, no validation);
 * - publish throughput alone (no consumer; until every publish is acknowledged by the stream); baseline: the same
 *   bytes with bare `js.publish` calls all in flight at once (no queue, no window, no headers);
 * - round-trip latency p50/p99 of one candle published by one process and handled by another, one at a
 *   time, 500 samples.
 *
 * @example
 * ```ts
 * const rows = await benchNats(); // rows[0].value: events/s through JetStream
 * ```
 */
export async function benchNats(): Promise<BenchRow[]> {
  const probe = await connect({ servers, timeout: 3_000 }).catch((error: Error) => {
    throw new Error(`benchNats needs nats-server -js at ${servers.join(', ')}: ${error.message}`);
  });
  await probe.close();

  const throughputs: number[] = [];
  const publishRates: number[] = [];
  const coreRates: number[] = [];
  const rawPublishRates: number[] = [];
  // Rounds alternate with their baselines so drift in machine load hits both.
  for (let round = 0; round < throughputRounds; round++) {
    const events = candles(eventsPerRound, round);
    throughputs.push(await withStream(`tput${round}`, (config) => throughput(config, events)));
    publishRates.push(await withStream(`pub${round}`, (config) => publishRate(config, events)));
    coreRates.push(await coreNatsRate(events));
    rawPublishRates.push(await withStream(`raw${round}`, (config) => rawPublishRate(config, events)));
  }
  const latencies = await withStream('latency', (config) => roundTripLatencies(config));
  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

  const endToEnd = median(throughputs);
  const core = median(coreRates);
  return [
    {
      name: 'NATS JetStream publish→consume, NewCandleEvent (10k)',
      value: endToEnd,
      unit: 'events/s',
      baseline: core,
      ratio: endToEnd / core,
    },
    {
      name: 'NATS JetStream publish until acked (10k)',
      value: median(publishRates),
      unit: 'events/s',
      baseline: median(rawPublishRates),
      ratio: median(publishRates) / median(rawPublishRates),
    },
    { name: 'NATS round trip to another connection, p50', value: percentile(50), unit: 'µs' },
    { name: 'NATS round trip to another connection, p99', value: percentile(99), unit: 'µs' },
  ];
}

function candles(count: number, seed: number): NewCandleEvent[] {
  const factory = new EventFactory(
    new SimulatedClock(Date.parse('2025-01-06T00:00:00Z')),
    createIdGenerator(seed + 1),
  );
  return Array.from({ length: count }, (_, index) => {
    const close = 1.1 + Math.sin(index / 50) * 0.01;
    const bar = {
      time: index * 60_000,
      open: close,
      high: close + 0.0005,
      low: close - 0.0005,
      close,
      volume: 100,
    };
    return factory.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
  });
}

async function withStream<T>(
  label: string,
  work: (config: SystemConfig['event_bus']) => Promise<T>,
): Promise<T> {
  const suffix = `${label}_${randomBytes(4).toString('hex')}`;
  const config = EventBusConfigSchema.parse({
    transport: 'nats',
    nats: { servers, stream: `BENCH_${suffix}`, subject_prefix: `bench_${suffix}` },
  });
  try {
    return await work(config);
  } finally {
    const admin = await connect({ servers });
    await (await jetstreamManager(admin)).streams.delete(config.nats.stream).catch(() => false);
    await admin.close();
  }
}

async function throughput(config: SystemConfig['event_bus'], events: NewCandleEvent[]): Promise<number> {
  const producer = await NatsEventBus.connect(config, { consumerName: 'data', logger });
  const consumer = await NatsEventBus.connect(config, { consumerName: 'indicators', logger });
  try {
    let received = 0;
    let allReceived: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      allReceived = resolve;
    });
    consumer.subscribe('NewCandleEvent', () => {
      if (++received === events.length) allReceived();
    });
    await consumer.ready();
    const start = process.hrtime.bigint();
    for (const event of events) producer.publish(event);
    await done;
    return events.length / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await Promise.all([producer.close(), consumer.close()]);
  }
}

/** Publishing alone (no consumer in the process), until the stream acknowledged every event. */
async function publishRate(config: SystemConfig['event_bus'], events: NewCandleEvent[]): Promise<number> {
  const producer = await NatsEventBus.connect(config, { consumerName: 'data', logger });
  try {
    const start = process.hrtime.bigint();
    for (const event of events) producer.publish(event);
    await producer.drain();
    return events.length / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await producer.close();
  }
}

async function rawPublishRate(config: SystemConfig['event_bus'], events: NewCandleEvent[]): Promise<number> {
  const connection = await connect({ servers });
  try {
    const jsm = await jetstreamManager(connection);
    await ensureNatsStream(jsm, config.nats);
    const js = jsm.jetstream();
    const subject = `${config.nats.subject_prefix}.NewCandleEvent.EURUSD`;
    const start = process.hrtime.bigint();
    await Promise.all(
      events.map((event) => js.publish(subject, NatsWireFormat.encode(event), { msgID: event.eventId })),
    );
    return events.length / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await connection.close();
  }
}

async function coreNatsRate(events: NewCandleEvent[]): Promise<number> {
  const subject = `bench_core_${randomBytes(4).toString('hex')}`;
  const publisher: NatsConnection = await connect({ servers });
  const subscriber: NatsConnection = await connect({ servers });
  try {
    let received = 0;
    const subscription = subscriber.subscribe(subject, { max: events.length });
    const done = (async () => {
      for await (const message of subscription) {
        if (NatsWireFormat.decode(message.data).ok) received++;
      }
    })();
    await subscriber.flush();
    const start = process.hrtime.bigint();
    for (const event of events) publisher.publish(subject, NatsWireFormat.encode(event));
    await publisher.flush();
    await done;
    if (received !== events.length) throw new Error(`core NATS lost ${events.length - received} messages`);
    return events.length / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await Promise.all([publisher.close(), subscriber.close()]);
  }
}

async function roundTripLatencies(config: SystemConfig['event_bus']): Promise<number[]> {
  const producer = await NatsEventBus.connect(config, { consumerName: 'data', logger });
  const consumer = await NatsEventBus.connect(config, { consumerName: 'indicators', logger });
  try {
    let arrived: () => void = () => undefined;
    consumer.subscribe('NewCandleEvent', () => arrived());
    await consumer.ready();
    const samples: number[] = [];
    for (const [index, event] of candles(latencyWarmUp + latencySamples, 99).entries()) {
      const received = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const start = process.hrtime.bigint();
      producer.publish(event);
      await received;
      if (index >= latencyWarmUp) samples.push(Number(process.hrtime.bigint() - start) / 1e3);
    }
    return samples;
  } finally {
    await Promise.all([producer.close(), consumer.close()]);
  }
}
