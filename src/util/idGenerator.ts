import { randomUUID } from 'node:crypto';
import { SeededRandom } from './random.js';

/**
 * Produces event ids and correlation ids. Seeded in tests and backtests so that runs are reproducible;
 * random (crypto) otherwise.
 *
 * @example
 * ```ts
 * const ids = createIdGenerator(7);
 * ids.eventId();       // 'e-7f3a9c21-1'
 * ids.correlationId(); // 'a1b2c3d4' style, eight hex digits
 * ```
 */
export interface IdGenerator {
  eventId(): string;
  correlationId(): string;
}

/**
 * Event and correlation ids: seeded (reproducible runs and tests) or random UUIDs.
 *
 * @example
 * ```ts
 * const ids = createIdGenerator(42); // seeded: the same ids on every run
 * const events = new EventFactory(new SimulatedClock(0), ids);
 * const unseeded = createIdGenerator(); // random UUIDs
 * ```
 */
export function createIdGenerator(seed?: number): IdGenerator {
  if (seed === undefined) {
    return {
      eventId: () => randomUUID(),
      correlationId: () => randomUUID().slice(0, 8),
    };
  }
  const random = new SeededRandom(seed);
  // Joined once: the template `e-${prefix}-${n}` built two intermediate strings per event (several a bar).
  const head = `e-${random.hex8()}-`;
  let counter = 0;
  return {
    eventId: () => head + ++counter,
    correlationId: () => random.hex8(),
  };
}
