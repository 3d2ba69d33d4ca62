import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsWireFormat } from '../../src/bus/nats/natsWireFormat.js';
import { EventFactory } from '../../src/events/eventFactory.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { createIdGenerator } from '../../src/util/idGenerator.js';
import {
  countStored,
  crossProcessConfig,
  durableExists,
  pollUntil,
  ROLES,
  type RoleProcess,
  roleEnv,
  spawnRole,
  writeConfig,
} from './crossProcessSupport.js';
import { type PrivateNatsServer, type RoleUser, startPrivateNatsServer } from './nats/privateNatsServer.js';

const STREAM = 'TRADESTATE';
const EXECUTION_DURABLE = 'tradestate_trade_execution_EntrySignalEvent';

let server: PrivateNatsServer;
let admin: NatsConnection;
let jsm: JetStreamManager;
let configPath: string;
const cleanups: Array<() => void> = [];
const running: RoleProcess[] = [];
const connections: NatsConnection[] = [];

beforeAll(async () => {
  server = await startPrivateNatsServer();
  admin = await connect({ servers: server.url, user: 'admin', pass: server.passwords.admin });
  jsm = await jetstreamManager(admin);
  const base = crossProcessConfig(100, server.url);
  // The signals below come with no bar after them: an order is placed at the signal's price, not at the
  // next bar's open, which never comes.
  const file = writeConfig({ ...base, trading: { ...base.trading, fill_price: 'close' } });
  cleanups.push(file.remove);
  configPath = file.path;
});

afterAll(async () => {
  for (const role of running) if (role.child.exitCode === null) role.child.kill('SIGKILL');
  for (const connection of connections) await connection.close().catch(() => undefined);
  await admin?.close();
  await server?.stop();
  for (const cleanup of cleanups) cleanup();
});

/** A raw JetStream client logged in as `user`, as a script on the network would be. */
async function jetStreamAs(user: RoleUser) {
  const connection = await connect({
    servers: server.url,
    user,
    pass: server.passwords[user],
    inboxPrefix: `_INBOX_${user}`,
  });
  connections.push(connection);
  return (await jetstreamManager(connection)).jetstream();
}

const events = new EventFactory(new SimulatedClock(Date.parse('2025-01-06T00:00:00Z')), createIdGenerator(1));
/** An entry signal valid by the schema: what the execution process would act on. */
const signal = () =>
  events.create('EntrySignalEvent', {
    symbol: 'EURUSD',
    strategy_name: 'ema_cross',
    direction: 'long',
    timeframe: '1',
    candle_time: Date.parse('2025-01-06T00:00:00Z'),
    price: 1.05,
    stop_loss: 1.04,
    take_profit: 1.07,
  } as never);

describe('per-role NATS permissions (config/nats/permissions.conf)', () => {
  it('refuses a signal injected by a connection without the strategy role, and no order is placed', async () => {
    await jsm.streams.delete(STREAM).catch(() => undefined);
    const execution = spawnRole(
      ROLES.execution.services,
      configPath,
      roleEnv('execution', server.passwords.execution),
    );
    running.push(execution);
    await pollUntil('the execution process to subscribe', () =>
      durableExists(jsm, STREAM, EXECUTION_DURABLE),
    );

    const producer = await jetStreamAs('producer');
    const injected = signal();
    const refused = await producer
      .publish(`tradestate.EntrySignalEvent.EURUSD`, NatsWireFormat.encode(injected), {
        msgID: injected.eventId,
      })
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(refused?.message).toMatch(
      /Permissions Violation for Publish to "tradestate\.EntrySignalEvent\.EURUSD"/,
    );

    await pollUntil('the execution process to be idle', async () => {
      const info = await jsm.consumers.info(STREAM, EXECUTION_DURABLE);
      return info.num_pending + info.num_ack_pending === 0;
    });
    expect(await countStored(jsm, STREAM, 'tradestate.EntrySignalEvent.>')).toBe(0);
    expect(await countStored(jsm, STREAM, 'tradestate.OrderPlacedEvent.>')).toBe(0);

    // The same signal from the strategy role is stored and traded: the refusal above was the permission,
    // and an order, had the injection got through, would have been seen here.
    const strategy = await jetStreamAs('strategy');
    const allowed = signal();
    const ack = await strategy.publish('tradestate.EntrySignalEvent.EURUSD', NatsWireFormat.encode(allowed), {
      msgID: allowed.eventId,
    });
    expect(ack.seq).toBeGreaterThan(0);
    await pollUntil('the execution process to place the allowed signal', async () => {
      return (await countStored(jsm, STREAM, 'tradestate.OrderPlacedEvent.>')) === 1;
    });
    execution.child.kill('SIGINT');
    expect(await execution.exited, execution.output()).toBe(0);
    expect(execution.output()).toMatch(/orders\s+1\n/);
  }, 120_000);

  it('refuses an order event published by a connection without the execution role', async () => {
    const before = await countStored(jsm, STREAM, 'tradestate.OrderPlacedEvent.>');
    const strategy = await jetStreamAs('strategy');
    const refused = await strategy
      .publish('tradestate.OrderPlacedEvent.EURUSD', new TextEncoder().encode('{}'))
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(refused?.message).toMatch(
      /Permissions Violation for Publish to "tradestate\.OrderPlacedEvent\.EURUSD"/,
    );
    expect(await countStored(jsm, STREAM, 'tradestate.OrderPlacedEvent.>')).toBe(before);
  }, 60_000);

  it.each([
    ['DataFetchedEvent', 'the bars of a fetch'],
    ['NewCandleEvent', 'candles: the strategies count them by their indicators'],
  ])(
    'refuses the strategy role a consumer on %s (%s)',
    async (type) => {
      const strategy = await jetStreamAs('strategy');
      const manager = await jetstreamManager((strategy as unknown as { nc: NatsConnection }).nc);
      const refused = await manager.consumers
        .add(STREAM, { durable_name: 'snoop', filter_subject: `tradestate.${type}.>` })
        .then(
          () => undefined,
          (error: Error) => error,
        );
      expect(refused?.message).toMatch(/Permissions Violation/);
    },
    60_000,
  );

  it('exits 2 with a message naming the fix when the password is wrong', async () => {
    const process = spawnRole(
      ROLES.strategy.services,
      configPath,
      roleEnv('strategy', 'pw-not-the-password'),
    );
    running.push(process);
    expect(await process.exited).toBe(2);
    expect(process.output()).toMatch(/refused the credentials \(Authorization Violation\)/);
    expect(process.output()).toMatch(/EVENT_BUS_NATS_PASSWORD/);
    expect(process.output()).not.toContain('pw-not-the-password');
    expect(process.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('exits 2 when a role connects with the default inbox prefix its permissions do not cover', async () => {
    const env = { ...roleEnv('strategy', server.passwords.strategy), EVENT_BUS_NATS_INBOX_PREFIX: '_INBOX' };
    const process = spawnRole(ROLES.strategy.services, configPath, env);
    running.push(process);
    expect(await process.exited).toBe(2);
    expect(process.output()).toMatch(/denied a permission/);
  }, 60_000);
});
