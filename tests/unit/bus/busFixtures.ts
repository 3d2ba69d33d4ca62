import pino, { type Logger } from 'pino';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

/** A seeded event factory on a simulated clock, plus shorthands for two small event types. */
export function eventMaker(seed = 1) {
  const factory = new EventFactory(
    new SimulatedClock(Date.parse('2025-01-06T10:00:00Z')),
    createIdGenerator(seed),
  );
  return {
    factory,
    authorized: (symbol = 'EURUSD', cause?: TradingEvent) =>
      factory.create('TradingAuthorizedEvent', { symbol, reason: 'session_open' }, cause),
    blocked: (symbol = 'EURUSD', cause?: TradingEvent) =>
      factory.create('TradingBlockedEvent', { symbol, reasons: ['news_block'] }, cause),
  };
}

/** A pino logger whose JSON lines are collected as objects. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
