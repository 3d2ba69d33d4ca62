import pino from 'pino';
import type { SystemConfigInput } from '../../src/config/systemConfig.js';
import type { Candle } from '../../src/events/candle.js';
import type { TradingEvent } from '../../src/events/tradingEvents.js';

export const T0 = Date.parse('2025-01-06T00:00:00Z');

export const silentLogger = () => pino({ level: 'silent' });

/**
 * 1-minute bars that fall for `fall` bars and then rise for `rise` bars: once the EMAs are warm, the fast
 * one is below the slow one, and the rise makes it cross above (a long ema_crossover entry).
 */
export function vBars(fall = 60, rise = 40): Candle[] {
  const bars: Candle[] = [];
  let close = 1.2;
  for (let index = 0; index < fall + rise; index++) {
    const step = index < fall ? -0.0004 : 0.0006;
    const open = close;
    close = open + step;
    bars.push({
      time: T0 + index * 60_000,
      open,
      high: Math.max(open, close) + 0.0002,
      low: Math.min(open, close) - 0.0002,
      close,
      volume: 100,
    });
  }
  return bars;
}

/** Only the EMA crossover, so the crafted V produces exactly one entry. */
export const emaOnly: SystemConfigInput = {
  services: {
    strategy_evaluation: {
      strategies: [{ name: 'ema_cross', type: 'ema_crossover', params: {} }],
    },
  },
  event_bus: { history_size: 50_000 },
};

/** Follows causationId links from `last` back to the event that started the chain (oldest first). */
export function causalChain(history: readonly TradingEvent[], last: TradingEvent): TradingEvent[] {
  const byId = new Map(history.map((event) => [event.eventId, event]));
  const chain = [last];
  let current: TradingEvent | undefined = last;
  while (current?.causationId !== undefined) {
    current = byId.get(current.causationId);
    if (current === undefined) throw new Error(`broken causation chain before ${chain[0]!.type}`);
    chain.unshift(current);
  }
  return chain;
}

/** An event without the fields that identify its instance rather than its content. */
export function content(event: TradingEvent, drop: readonly string[] = ['eventId', 'timestamp']) {
  return Object.fromEntries(Object.entries(event).filter(([key]) => !drop.includes(key)));
}
