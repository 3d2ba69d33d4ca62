import pino from 'pino';
import { MockEventBus } from '../../../src/bus/mockEventBus.js';
import {
  type SystemConfig,
  type SystemConfigInput,
  SystemConfigSchema,
} from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { ServiceIo } from '../../../src/services/serviceIo.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

export const T0 = Date.parse('2025-01-06T00:00:00Z');
export const MINUTE = 60_000;

/** What a service core test needs: a recording bus, a seeded event factory on a simulated clock, and the io over them. */
export interface ServiceHarness {
  bus: MockEventBus;
  clock: SimulatedClock;
  events: EventFactory;
  io: ServiceIo;
}

/** A `ServiceIo` over a `MockEventBus`, an `EventFactory(SimulatedClock, createIdGenerator(seed))` and a silent logger. */
export function createServiceHarness(seed = 7, start = T0): ServiceHarness {
  const bus = new MockEventBus();
  const clock = new SimulatedClock(start);
  const events = new EventFactory(clock, createIdGenerator(seed));
  const io: ServiceIo = { publish: (event) => bus.publish(event), events, logger: pino({ level: 'silent' }) };
  return { bus, clock, events, io };
}

/** A resolved configuration with the given overrides. */
export function makeConfig(input: SystemConfigInput = {}): SystemConfig {
  return SystemConfigSchema.parse(input);
}

/** The 1-minute bar opened `index` minutes after T0, closing at `close` (a small range around it). */
export function bar(index: number, close = 1.1, spread = 0.0004): Candle {
  return {
    time: T0 + index * MINUTE,
    open: close,
    high: close + spread,
    low: close - spread,
    close,
    volume: 100,
  };
}

/** Bars 0..count-1 on a gentle wave, so indicators take varied values. */
export function waveBars(count: number, from = 0): Candle[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    return bar(index, 1.1 + 0.002 * Math.sin(index / 7) + 0.0005 * Math.sin(index / 2));
  });
}
