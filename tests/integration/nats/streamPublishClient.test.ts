import { connect } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StreamPublishClient } from '../../../src/bus/nats/streamPublishClient.js';
import { NATS_URL, natsHarness } from './natsTestSupport.js';
import { startPrivateNatsServer } from './privateNatsServer.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const bytes = (text: string) => new TextEncoder().encode(text);

describe('StreamPublishClient', () => {
  it('resolves each publish with its stream sequence, in call order, and reports a repeated id as duplicate', async () => {
    const names = harness.names('streampublish');
    await harness.jsm.streams.add({ name: names.stream, subjects: [`${names.prefix}.>`] });
    const client = new StreamPublishClient(harness.connection, '_INBOX');
    const acks = await Promise.all(
      ['a', 'b', 'c'].map((id) => client.publish(`${names.prefix}.T.X`, bytes(id), { msgID: id })),
    );
    const repeated = await client.publish(`${names.prefix}.T.X`, bytes('a'), { msgID: 'a' });
    client.close();

    expect(acks.map((ack) => [ack.stream, ack.seq, ack.duplicate])).toEqual([
      [names.stream, 1, false],
      [names.stream, 2, false],
      [names.stream, 3, false],
    ]);
    expect(repeated).toMatchObject({ seq: 1, duplicate: true });
  });

  it('rejects a publish to a subject no stream holds (no responders)', async () => {
    const client = new StreamPublishClient(harness.connection, '_INBOX');
    const refused = await client.publish('tstest_nostream.T.X', bytes('x')).then(
      () => undefined,
      (error: Error) => error,
    );
    client.close();
    expect(refused?.message).toMatch(/no responders/);
  });

  it('rejects every waiting publish when closed, and any publish after', async () => {
    const connection = await connect({ servers: NATS_URL });
    const client = new StreamPublishClient(connection, '_INBOX');
    // The no-responders reply cannot arrive before the close below: the publish is written after this turn.
    const waiting = client.publish('tstest_nostream.T.Y', bytes('y')).catch((error: Error) => error);
    client.close();
    const after = await client.publish('tstest_nostream.T.Z', bytes('z')).catch((error: Error) => error);
    await connection.close();
    expect(((await waiting) as Error).message).toMatch(/closed/);
    expect((after as Error).message).toMatch(/closed/);
  });

  it('rejects a publish the server refuses to the role, with the permission error (config/nats/permissions.conf)', async () => {
    const server = await startPrivateNatsServer();
    try {
      const connection = await connect({
        servers: server.url,
        user: 'producer',
        pass: server.passwords.producer,
        inboxPrefix: '_INBOX_producer',
      });
      const client = new StreamPublishClient(connection, '_INBOX_producer');
      const refused = await client.publish('tradestate.OrderPlacedEvent.EURUSD', bytes('{}')).then(
        () => undefined,
        (error: Error) => error,
      );
      client.close();
      await connection.close();
      expect(refused?.message).toMatch(
        /Permissions Violation for Publish to "tradestate\.OrderPlacedEvent\.EURUSD"/,
      );
    } finally {
      await server.stop();
    }
  });
});
