import type { Logger } from 'pino';
import type { EventFactory } from '../events/eventFactory.js';
import type { TradingEvent } from '../events/tradingEvents.js';

/**
 * What a service core needs from the runtime: a counted `publish`, the event factory (clock and ids)
 * and its logger. The actor layer supplies it; unit tests supply one over a `MockEventBus`.
 */
export interface ServiceIo {
  publish(event: TradingEvent): void;
  readonly events: EventFactory;
  readonly logger: Logger;
}
