import type { Logger } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';
import type { EventBusPort } from './busTypes.js';
import { EventBus } from './eventBus.js';

/**
 * Options of {@link createEventBus}.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const bus = await createEventBus(config.event_bus, { logger, consumerName: 'indicators' });
 * ```
 */
export interface CreateEventBusOptions {
  logger: Logger;
  /** Durable consumer name prefix for the NATS transport, e.g. the process role (`indicators`). */
  consumerName: string;
}

/**
 * A bus plus the way to shut it down: `close()` disconnects a NATS bus and drains a memory bus.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const bus: ClosableEventBus = await createEventBus(config.event_bus, { logger, consumerName: 'strategy' });
 * await bus.close();
 * ```
 */
export type ClosableEventBus = EventBusPort & { close(): Promise<void> };

/**
 * Builds the bus that `event_bus.transport` asks for: the in-process `EventBus` (`memory`, the default,
 * which needs nothing) or `NatsEventBus` (`nats`), connected and with its stream in place.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const bus = await createEventBus(config.event_bus, { logger, consumerName: 'strategy' });
 * bus.subscribe('EntrySignalEvent', (signal) => console.log(signal.symbol, signal.direction));
 * // ...
 * await bus.close();
 * ```
 */
export async function createEventBus(
  config: SystemConfig['event_bus'],
  options: CreateEventBusOptions,
): Promise<ClosableEventBus> {
  if (config.transport === 'nats') {
    // Imported only for NATS: the client costs a process on the memory bus ~0.1 CPU-s to load.
    const { NatsEventBus } = await import('./nats/natsEventBus.js');
    return NatsEventBus.connect(config, { consumerName: options.consumerName, logger: options.logger });
  }
  const bus = new EventBus({
    mode: config.mode,
    historySize: config.history_size,
    maxQueueSize: config.max_queue_size,
    overflowPolicy: config.overflow_policy,
    logger: options.logger,
  });
  return Object.assign(bus, { close: () => bus.drain() });
}
