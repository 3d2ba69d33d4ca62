import type { NatsConnection } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { CoalescedPublishes } from '../../../src/bus/nats/coalescedPublishes.js';

/** A connection that records what it is handed, and refuses subjects starting with `denied`. */
function recordingConnection() {
  const handed: string[] = [];
  const payloads: Array<Uint8Array | string> = [];
  const connection = {
    publish: (subject: string, data: Uint8Array | string) => {
      if (subject.startsWith('denied')) throw new Error(`Permissions Violation for Publish to "${subject}"`);
      handed.push(subject);
      payloads.push(data);
    },
  } as unknown as NatsConnection;
  return { connection, handed, payloads };
}

const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedPublishes', () => {
  it('hands the publishes of one turn to the connection together at its end, in call order', async () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection);
    outbound.publish('a', 'x', undefined, () => undefined);
    await Promise.resolve();
    outbound.publish('b', 'x', undefined, () => undefined);
    expect(handed).toEqual([]);
    await endOfTurn();
    expect(handed).toEqual(['a', 'b']);
  });

  it('tells the caller of a publish the connection refuses, and still sends the others', async () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection);
    const failures: string[] = [];
    outbound.publish('denied.x', 'x', undefined, (error) => failures.push(error.message));
    outbound.publish('c', 'x', undefined, () => undefined);
    await endOfTurn();
    expect(failures).toEqual(['Permissions Violation for Publish to "denied.x"']);
    expect(handed).toEqual(['c']);
  });

  it('sends what it holds at once on flush, and nothing twice at the end of the turn', async () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection);
    outbound.publish('d', 'x', undefined, () => undefined);
    outbound.flush();
    expect(handed).toEqual(['d']);
    await endOfTurn();
    expect(handed).toEqual(['d']);
  });

  it('hands each publish over at once when not holding (live feeds)', () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection, false);
    outbound.publish('e', 'x', undefined, () => undefined);
    expect(handed).toEqual(['e']);
  });

  it('holds acknowledgements to the end of the turn also when not holding publishes, or sends them with the next publish', async () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection, false);
    outbound.acknowledge('$JS.ACK.STREAM.durable.1.1.1.0.0');
    outbound.acknowledge('$JS.ACK.STREAM.durable.1.2.2.0.0');
    expect(handed).toEqual([]);
    await endOfTurn();
    expect(handed).toEqual(['$JS.ACK.STREAM.durable.1.1.1.0.0', '$JS.ACK.STREAM.durable.1.2.2.0.0']);
    outbound.acknowledge('$JS.ACK.STREAM.durable.1.3.3.0.0');
    outbound.publish('order', 'x', undefined, () => undefined);
    expect(handed.slice(2)).toEqual(['$JS.ACK.STREAM.durable.1.3.3.0.0', 'order']);
    await endOfTurn();
    expect(handed).toHaveLength(4);
  });

  it("acknowledges a JetStream message on its reply subject with the turn's other publishes", async () => {
    const { connection, handed, payloads } = recordingConnection();
    const outbound = new CoalescedPublishes(connection);
    outbound.publish('note', 'x', undefined, () => undefined);
    outbound.acknowledge('$JS.ACK.STREAM.durable.1.7.7.0.0');
    expect(handed).toEqual([]);
    await endOfTurn();
    expect(handed).toEqual(['note', '$JS.ACK.STREAM.durable.1.7.7.0.0']);
    expect(new TextDecoder().decode(payloads[1] as Uint8Array)).toBe('+ACK');
  });

  it('replaces what it holds for a subject this turn with the latest, after the publishes made meanwhile', async () => {
    const { connection, handed, payloads } = recordingConnection();
    const outbound = new CoalescedPublishes(connection);
    outbound.replace('note.strategy', 'through 1', () => undefined);
    outbound.publish('event', 'signal', undefined, () => undefined);
    outbound.replace('note.strategy', 'through 2', () => undefined);
    outbound.replace('note.indicators', 'through 2', () => undefined);
    await endOfTurn();
    expect(handed).toEqual(['event', 'note.strategy', 'note.indicators']);
    expect(payloads).toEqual(['signal', 'through 2', 'through 2']);
    // A new turn starts afresh: its note is sent even if it equals the last one.
    outbound.replace('note.strategy', 'through 2', () => undefined);
    await endOfTurn();
    expect(handed).toEqual(['event', 'note.strategy', 'note.indicators', 'note.strategy']);
  });

  it('sends every replacement at once when not holding (live feeds)', () => {
    const { connection, handed } = recordingConnection();
    const outbound = new CoalescedPublishes(connection, false);
    outbound.replace('note', 'through 1', () => undefined);
    outbound.replace('note', 'through 2', () => undefined);
    expect(handed).toEqual(['note', 'note']);
  });
});
