import { describe, expect, it } from 'vitest';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import type { Fill } from '../../../src/execution/broker.js';
import {
  type OrderEventsIo,
  orderLogLevels,
  publishOrderPlaced,
} from '../../../src/execution/publishBarExecution.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';
import { at, order } from './executionFixtures.js';

const fill: Fill = {
  clientOrderId: 'o-1',
  symbol: 'EURUSD',
  direction: 'long',
  size: 0.1,
  price: 1.1,
  commission: 0.35,
  time: at('2025-01-06T10:01:00Z'),
  intent: 'open',
  strategyName: 'test',
};

function recordingIo(logs?: OrderEventsIo['logs']) {
  const lines: string[] = [];
  const published: TradingEvent[] = [];
  const io: OrderEventsIo = {
    publish: (event) => published.push(event),
    events: new EventFactory(new SimulatedClock(at('2025-01-06T10:01:00Z')), createIdGenerator(1)),
    logger: {
      info: (_object, message) => lines.push(`info ${message}`),
      warn: (_object, message) => lines.push(`warn ${message}`),
    },
    ...(logs ? { logs } : {}),
  };
  return { io, lines, published };
}

describe('publishOrderPlaced', () => {
  it('logs the order at the levels that are on, and without levels logs it always', () => {
    for (const logs of [undefined, { info: true, warn: true }]) {
      const { io, lines, published } = recordingIo(logs);
      publishOrderPlaced(io, fill, order());
      expect(lines).toEqual(['info Order placed: open long 0.1 EURUSD @ 1.1']);
      expect(published.map((event) => event.type)).toEqual(['OrderPlacedEvent']);
    }
  });

  it('publishes the order but does not touch the logger when its level is off', () => {
    const { io, lines, published } = recordingIo({ info: false, warn: true });
    publishOrderPlaced(io, fill, order());
    expect(lines).toEqual([]);
    expect(published).toHaveLength(1);
  });

  it('logs a margin call at warn, also when info is off', () => {
    const { io, lines } = recordingIo({ info: false, warn: true });
    publishOrderPlaced(io, { ...fill, intent: 'close' }, order({ intent: 'close', reason: 'margin_call' }));
    expect(lines).toEqual(['warn Order placed: close long 0.1 EURUSD @ 1.1 (margin_call)']);
  });
});

describe('orderLogLevels', () => {
  it("reads a pino-like logger's levels, and takes both as on for a logger that cannot tell", () => {
    const silentAboveWarn = {
      info: () => undefined,
      warn: () => undefined,
      isLevelEnabled: (level: string) => level === 'warn',
    };
    expect(orderLogLevels(silentAboveWarn)).toEqual({ info: false, warn: true });
    expect(orderLogLevels({ info: () => undefined, warn: () => undefined })).toEqual({
      info: true,
      warn: true,
    });
  });
});
