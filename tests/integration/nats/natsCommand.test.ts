import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsEventBus } from '../../../src/bus/nats/natsEventBus.js';
import { main } from '../../../src/cli/main.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { eventMaker, silentLogger, waitUntil } from './natsTestSupport.js';
import { type PrivateNatsServer, startPrivateNatsServer } from './privateNatsServer.js';

let server: PrivateNatsServer;
let admin: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  server = await startPrivateNatsServer();
  admin = await connect({ servers: server.url, user: 'admin', pass: server.passwords.admin });
  jsm = await jetstreamManager(admin);
});

afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

const envAs = (user: 'admin' | 'strategy' | 'producer') => ({
  EVENT_BUS_NATS_SERVERS: server.url,
  EVENT_BUS_NATS_USER: user,
  EVENT_BUS_NATS_PASSWORD: server.passwords[user],
  EVENT_BUS_NATS_INBOX_PREFIX: user === 'admin' ? '_INBOX' : `_INBOX_${user}`,
});

const busAs = (user: 'strategy' | 'producer', consumerName: string) =>
  NatsEventBus.connect(
    EventBusConfigSchema.parse({
      transport: 'nats',
      nats: {
        servers: [server.url],
        user,
        password: server.passwords[user],
        inbox_prefix: `_INBOX_${user}`,
        nak_delay_ms: 20,
      },
    }),
    { consumerName, logger: silentLogger, deferConsumers: true },
  );

describe('runs on one stream, tradestate nats status and reset', () => {
  it('rebuilds a restarted process from the current run only, then lists the runs and durables, and resets as admin', async () => {
    const make = eventMaker(7);
    const producer = await busAs('producer', 'producer');
    const start = Date.parse('2025-01-06T10:00:00Z');
    const bars = [0, 1, 2].map((minute) => ({
      time: start + minute * 60_000,
      open: 1.1,
      high: 1.2,
      low: 1.0,
      close: 1.15,
      volume: 100,
    }));
    const candles = bars.map((bar) => make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }));
    const candle = (minute: number) => candles[minute]!;
    // Run 1: two candles and its end; run 2: one candle so far.
    producer.publish(candle(0));
    producer.publish(candle(1));
    producer.publish(make('EndOfDataEvent', { reason: 'exhausted', candles: 2 }));
    producer.publish(candle(2));
    await producer.drain();

    const seen: TradingEvent[] = [];
    // A candle consumer under the producer's user (the strategy role consumes no candles: it counts them by
    // their indicators), named `strategy` as the durable of a process would be.
    const strategy = await busAs('producer', 'strategy');
    strategy.subscribe('NewCandleEvent', (event) => {
      seen.push(event);
    });
    const started = await strategy.startConsumers();
    expect(started.replayed).toBe(0);
    await waitUntil(() => seen.length === 1, 'the current run candle');
    // Only the candle after the last EndOfDataEvent: run 1 is over and not this process's business.
    expect(seen.map((event) => (event as { bar: { time: number } }).bar.time)).toEqual([candle(2).bar.time]);
    await strategy.close();

    // Restarted: its state comes back from the current run (replayed, not published), nothing redelivered.
    const replayedEvents: TradingEvent[] = [];
    const restarted = await busAs('producer', 'strategy');
    restarted.subscribe('NewCandleEvent', (event) => {
      replayedEvents.push(event);
    });
    expect(await restarted.startConsumers()).toEqual({ replayed: 1, resumed: 0 });
    expect(replayedEvents).toHaveLength(1);
    await restarted.close();
    await producer.close();

    const status = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'status'], status.io), status.stderr()).toBe(0);
    expect(status.stdout()).toMatch(/Stream\s+TRADESTATE: 4 messages/);
    expect(status.stdout()).toMatch(/Runs\s+1 finished; current run: 1 messages since sequence 3/);
    expect(status.stdout()).toMatch(/strategy_NewCandleEvent\s+pending=0 ack_pending=0/);
    expect(status.stdout()).not.toContain(server.passwords.admin);

    const refused = fakeCliIO({ env: envAs('strategy') });
    expect(await main(['nats', 'reset', '--yes'], refused.io)).toBe(2);
    expect(refused.stderr()).toMatch(/denied a permission while trying to delete stream TRADESTATE/);

    const unconfirmed = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'reset'], unconfirmed.io)).toBe(2);
    expect(unconfirmed.stderr()).toMatch(/--yes/);

    const reset = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'reset', '--yes'], reset.io), reset.stderr()).toBe(0);
    expect(reset.stdout()).toMatch(/Deleted stream TRADESTATE: 4 messages, 1 finished runs/);
    await expect(jsm.streams.info('TRADESTATE')).rejects.toThrow(/stream not found/);
  }, 60_000);

  it('with no stream yet (or after a reset), status says the first process creates it and reset has nothing to do', async () => {
    await expect(jsm.streams.info('TRADESTATE')).rejects.toThrow(/stream not found/);
    const status = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'status'], status.io), status.stderr()).toBe(0);
    expect(status.stdout()).toBe(
      `NATS     ${server.url}\nStream   TRADESTATE does not exist yet (the first process creates it)\n`,
    );
    const json = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'status', '--json'], json.io), json.stderr()).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ stream: 'TRADESTATE', exists: false });
    const reset = fakeCliIO({ env: envAs('admin') });
    expect(await main(['nats', 'reset', '--yes'], reset.io), reset.stderr()).toBe(0);
    expect(reset.stdout()).toBe('Stream TRADESTATE does not exist: nothing to reset.\n');
  });
});
