import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBusOverflowError } from '../../../src/bus/eventBusOverflowError.js';
import { createNatsCounters } from '../../../src/bus/nats/natsEventBusMetrics.js';
import { NatsPublisher, type NatsPublisherOptions } from '../../../src/bus/nats/natsPublisher.js';

interface PendingPublish {
  subject: string;
  msgID: string | undefined;
  correlationId: string | undefined;
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
}

/** A JetStream client whose publishes stay pending until the test settles them. */
function fakeJetStream() {
  const pending: PendingPublish[] = [];
  const client = {
    publish: (
      subject: string,
      _data: Uint8Array,
      options?: { msgID?: string; headers?: { get(k: string): string } },
    ) =>
      new Promise<PubAck>((resolve, reject) =>
        pending.push({
          subject,
          msgID: options?.msgID,
          correlationId: options?.headers?.get('correlation-id'),
          resolve,
          reject,
        }),
      ),
  } as unknown as JetStreamClient;
  return { client, pending };
}

const ack = (duplicate = false): PubAck => ({ stream: 'S', seq: 1, duplicate });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const message = (eventId: string) => ({
  subject: `p.T.${eventId}`,
  data: new Uint8Array(),
  eventId,
  eventType: 'T',
  correlationId: 'c',
  attempts: 0,
});

function publisher(options: Partial<NatsPublisherOptions> = {}) {
  const js = fakeJetStream();
  const counters = createNatsCounters();
  const instance = new NatsPublisher(js.client, counters, pino({ level: 'silent' }), {
    maxQueueSize: 10,
    overflowPolicy: 'error',
    maxInFlight: 2,
    maxAttempts: 2,
    retryDelayMs: 0,
    ...options,
  });
  return { instance, counters, pending: js.pending };
}

describe('NatsPublisher', () => {
  it('sends in call order with the eventId as message id, at most maxInFlight at once', () => {
    const { instance, pending } = publisher();
    for (const id of ['a', 'b', 'c']) instance.enqueue(message(id));
    expect(pending.map((entry) => [entry.msgID, entry.correlationId])).toEqual([
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect(instance.depth).toBe(3);
    pending[0]!.resolve(ack());
    return flush().then(() => expect(pending.map((entry) => entry.msgID)).toEqual(['a', 'b', 'c']));
  });

  it('resolves idle() only after every acknowledgement, counting duplicates the stream dropped', async () => {
    const { instance, pending, counters } = publisher();
    instance.enqueue(message('a'));
    instance.enqueue(message('b'));
    let idle = false;
    void instance.idle().then(() => {
      idle = true;
    });
    pending[0]!.resolve(ack());
    await flush();
    expect(idle).toBe(false);
    pending[1]!.resolve(ack(true));
    await flush();
    expect(idle).toBe(true);
    expect(counters.publish_duplicates).toBe(1);
    expect(instance.depth).toBe(0);
  });

  it('says it is settled only while nothing enqueued waits for its acknowledgement', async () => {
    const { instance, pending } = publisher({ maxInFlight: 1 });
    expect(instance.settled).toBe(true);
    instance.enqueue(message('a'));
    instance.enqueue(message('b'));
    expect(instance.settled).toBe(false);
    pending[0]!.resolve(ack());
    await flush();
    // `b` is only queued behind the in-flight limit: still unsettled.
    expect(instance.settled).toBe(false);
    pending[1]!.resolve(ack());
    await flush();
    expect(instance.settled).toBe(true);
  });

  it('retries a failed publish and counts it in publish_errors once the attempts are spent', async () => {
    const { instance, pending, counters } = publisher({ maxAttempts: 2 });
    instance.enqueue(message('a'));
    pending[0]!.reject(new Error('timeout'));
    await flush();
    await flush();
    expect(pending.map((entry) => entry.msgID)).toEqual(['a', 'a']);
    pending[1]!.reject(new Error('timeout'));
    await flush();
    expect(counters.publish_errors).toBe(1);
    await instance.idle();
  });

  it('throws EventBusOverflowError when the queue is full and the policy is error', () => {
    const { instance } = publisher({ maxQueueSize: 1, maxInFlight: 1 });
    instance.enqueue(message('in-flight'));
    instance.enqueue(message('queued'));
    expect(() => instance.enqueue(message('overflow'))).toThrow(EventBusOverflowError);
  });

  it('drops the oldest queued event under drop_oldest and the new one under drop_newest, counting each', async () => {
    for (const [policy, expected] of [
      ['drop_oldest', ['in-flight', 'second']],
      ['drop_newest', ['in-flight', 'first']],
    ] as const) {
      const { instance, pending } = publisher({ maxQueueSize: 1, maxInFlight: 1, overflowPolicy: policy });
      instance.enqueue(message('in-flight'));
      instance.enqueue(message('first'));
      instance.enqueue(message('second'));
      expect(instance.eventsDropped).toBe(1);
      pending[0]!.resolve(ack());
      await flush();
      expect(pending.map((entry) => entry.msgID)).toEqual(expected);
    }
  });
});
