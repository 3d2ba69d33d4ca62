import type { TradingEvent } from '../../events/tradingEvents.js';

/** The symbol an event is about ('' for the few that are about none). */
export function symbolOf(event: TradingEvent): string {
  return 'symbol' in event && typeof event.symbol === 'string' ? event.symbol : '';
}
