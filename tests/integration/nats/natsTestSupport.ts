import { randomBytes } from 'node:crypto';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { NatsEventBus, type NatsEventBusOptions } from '../../../src/bus/nats/natsEventBus.js';
import { EventBusConfigSchema, type SystemConfig } from '../../../src/config/systemConfig.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { EventOf, EventPayload, EventType, TradingEvent } from '../../../src/events/tradingEvents.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const silentLogger = pino({ level: 'silent' });

/**
 * A raw connection for setting up and inspecting streams. Fails loudly (never skips) when the server is
 * down, because CI starts it and a skipped transport test would hide a broken deployment.
 */
export async function adminConnection(): Promise<{ connection: NatsConnection; jsm: JetStreamManager }> {
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: NATS_URL, timeout: 3_000 });
  } catch (error) {
    throw new Error(
      `NATS integration tests need nats-server with JetStream at ${NATS_URL} (set NATS_URL to override): ` +
        `${(error as Error).message}. Start it with: nats-server -a 127.0.0.1 -p 4222 -js`,
    );
  }
  return { connection, jsm: await jetstreamManager(connection) };
}

/** A stream name and subject prefix no other test run uses, so runs never see each other's events. */
export function uniqueNames(label: string): { stream: string; prefix: string } {
  const suffix = `${label}_${randomBytes(4).toString('hex')}`;
  return { stream: `TSTEST_${suffix}`, prefix: `tstest_${suffix}` };
}

/** `event_bus` config for the NATS transport with short redelivery delays for tests. */
export function natsConfig(
  names: { stream: string; prefix: string },
  nats: Record<string, unknown> = {},
): SystemConfig['event_bus'] {
  return EventBusConfigSchema.parse({
    transport: 'nats',
    nats: {
      servers: [NATS_URL],
      stream: names.stream,
      subject_prefix: names.prefix,
      nak_delay_ms: 20,
      ...nats,
    },
  });
}

export function connectBus(
  config: SystemConfig['event_bus'],
  consumerName: string,
  options: Partial<NatsEventBusOptions> = {},
): Promise<NatsEventBus> {
  return NatsEventBus.connect(config, { consumerName, logger: silentLogger, ...options });
}

export async function deleteStreamQuietly(jsm: JetStreamManager, stream: string): Promise<void> {
  await jsm.streams.delete(stream).catch(() => false);
}

/**
 * Polls until `condition` holds. The deadline only turns a hang into a failure naming what was awaited;
 * nothing asserts on how long it took.
 */
export async function waitUntil(condition: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Builds events with deterministic ids and a simulated clock. */
export function eventMaker(seed: number) {
  const factory = new EventFactory(
    new SimulatedClock(Date.parse('2025-01-06T10:00:00Z')),
    createIdGenerator(seed),
  );
  return <T extends EventType>(type: T, payload: EventPayload<T>, cause?: TradingEvent): EventOf<T> =>
    factory.create(type, payload, cause);
}

const bar = {
  time: Date.parse('2025-01-06T10:00:00Z'),
  open: 1.1,
  high: 1.2,
  low: 1.0,
  close: 1.15,
  volume: 100,
};

/** One event of every type in the catalog, all in one correlation chain. */
export function oneOfEach(make: ReturnType<typeof eventMaker>, symbol = 'EURUSD'): TradingEvent[] {
  const candle = make('NewCandleEvent', { symbol, timeframe: '1', bar });
  const signal = { symbol, strategy_name: 'ema_cross', timeframe: '1', candle_time: bar.time, price: 1.15 };
  return [
    make('DataFetchedEvent', { symbol, timeframe: '1', bars: [bar], num_bars: 1 }, candle),
    candle,
    make(
      'IndicatorsCalculatedEvent',
      { symbol, timeframe: '1', recent_rows: [{ ...bar, indicators: { rsi: 55.5 }, regime: 'trending' }] },
      candle,
    ),
    make(
      'RegimeChangedEvent',
      { symbol, timeframe: '1', old_regime: 'ranging', new_regime: 'trending' },
      candle,
    ),
    make('EntrySignalEvent', { ...signal, direction: 'long', stop_loss: 1.1, take_profit: 1.3 }, candle),
    make('ExitSignalEvent', { ...signal, direction: 'long', reason: 'take_profit' }, candle),
    make(
      'OrderPlacedEvent',
      {
        symbol,
        order_type: 'market',
        direction: 'long',
        size: 1000,
        client_order_id: 'ema_cross-EURUSD-1-open',
        strategy_name: 'ema_cross',
        intent: 'open',
        price: 1.15,
      },
      candle,
    ),
    make('TradingBlockedEvent', { symbol, reasons: ['news_block'] }, candle),
    make('TradingAuthorizedEvent', { symbol, reason: 'news window over' }, candle),
    make(
      'ServiceStateChangedEvent',
      { service: 'data_fetching', from: 'INITIALIZING', to: 'RUNNING', reason: 'ok' },
      candle,
    ),
    make('ServiceFailedEvent', { service: 'data_fetching', error: 'boom' }, candle),
    make('ServiceRestartedEvent', { service: 'data_fetching', restart_count: 1 }, candle),
    make('EndOfDataEvent', { reason: 'exhausted', candles: 1 }, candle),
  ];
}

/**
 * Per-test resources: a unique stream per test, buses closed and streams deleted afterwards.
 * Use `beforeAll(harness.open)`, `afterEach(harness.cleanUp)`, `afterAll(harness.close)`.
 */
export function natsHarness() {
  let admin: { connection: NatsConnection; jsm: JetStreamManager } | undefined;
  const streams: string[] = [];
  const buses: NatsEventBus[] = [];
  return {
    open: async () => {
      admin = await adminConnection();
    },
    get jsm(): JetStreamManager {
      if (admin === undefined) throw new Error('natsHarness.open() did not run or failed');
      return admin.jsm;
    },
    get connection(): NatsConnection {
      if (admin === undefined) throw new Error('natsHarness.open() did not run or failed');
      return admin.connection;
    },
    names(label: string) {
      const names = uniqueNames(label);
      streams.push(names.stream);
      return names;
    },
    async bus(
      config: SystemConfig['event_bus'],
      consumerName: string,
      options: Partial<NatsEventBusOptions> = {},
    ) {
      const bus = await connectBus(config, consumerName, options);
      buses.push(bus);
      return bus;
    },
    cleanUp: async () => {
      await Promise.allSettled(buses.splice(0).map((bus) => bus.close()));
      if (admin !== undefined) {
        const jsm = admin.jsm;
        await Promise.all(streams.splice(0).map((stream) => deleteStreamQuietly(jsm, stream)));
      }
    },
    close: async () => {
      await admin?.connection.close();
    },
  };
}
