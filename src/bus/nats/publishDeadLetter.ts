import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { NatsSubjects } from './natsSubjects.js';

/** Header values must stay on one line and short. */
const headerValue = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 256);

/**
 * Stores a message's original bytes under `<prefix>.deadletter.<reason>`, with why and where from in its
 * headers. Idempotent per durable and stream sequence: a consumer that crashes between this publish and its
 * ack, and sees the message again, stores no second letter. Rejects when the stream does not store it.
 *
 * @example
 * ```ts
 * await publishDeadLetter(js, { prefix: 'tradestate', durableName }, message, 'invalid', 'missing symbol');
 * message.ack();
 * ```
 */
export async function publishDeadLetter(
  js: Pick<JetStreamClient, 'publish'>,
  consumer: { prefix: string; durableName: string },
  message: JsMsg,
  reason: string,
  detail: string,
): Promise<void> {
  const letterHeaders = headers();
  letterHeaders.set('deadletter-reason', reason);
  letterHeaders.set('deadletter-detail', headerValue(detail));
  letterHeaders.set('deadletter-subject', message.subject);
  letterHeaders.set('deadletter-consumer', consumer.durableName);
  letterHeaders.set('deadletter-deliveries', String(message.info.deliveryCount));
  await js.publish(NatsSubjects.deadLetter(consumer.prefix, reason), message.data, {
    headers: letterHeaders,
    msgID: `deadletter:${consumer.durableName}:${message.seq}`,
  });
}
