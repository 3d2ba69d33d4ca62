import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { eventTypes } from '../../events/tradingEvents.js';
import { NatsSubjects } from './natsSubjects.js';

/**
 * Deletes a process's durables (`<consumerName>_<EventType>`) of the types it no longer consumes (its
 * services changed, or a version stopped consuming a type, such as the strategies' candles): left on the
 * server they would hold every later message of their type, and the producer's end of the run, which waits
 * for every durable to catch up, would wait forever.
 *
 * @example
 * ```ts
 * await removeUnusedDurables(jsm, 'TRADESTATE', 'tradestate_strategy_evaluation', (name) => groups.has(name), logger);
 * ```
 */
export async function removeUnusedDurables(
  jsm: JetStreamManager,
  stream: string,
  consumerName: string,
  consumed: (durable: string) => boolean,
  logger: Logger,
): Promise<void> {
  const unused = new Set(
    eventTypes.map((type) => NatsSubjects.durableName(consumerName, type)).filter((name) => !consumed(name)),
  );
  for await (const consumer of jsm.consumers.list(stream)) {
    const name = consumer.config.durable_name;
    if (name === undefined || !unused.has(name)) continue;
    await jsm.consumers.delete(stream, name);
    logger.info({ durable: name }, 'NATS durable no longer consumed here: deleted');
  }
}
