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
  const head = `e-${random.hex8()}-`;
  // `head + counter` formatted a number per event (several a bar): the counter's digits are its thousands,
  // formatted once per thousand ids, then three digits from a table.
  let blockHead = head;
  let block = 0;
  let withinBlock = 0;
  return {
    eventId: () => {
      withinBlock++;
      if (withinBlock === 1000) {
        withinBlock = 0;
        block++;
        blockHead = head + block;
      }
      return blockHead + (block === 0 ? unpaddedDigits[withinBlock] : paddedDigits[withinBlock]);
    },
    correlationId: () => random.hex8(),
  };
}

/** 0 … 999 as written alone. */
const unpaddedDigits = Array.from({ length: 1000 }, (_, value) => String(value));
/** 000 … 999: the last three digits of a larger number. */
const paddedDigits = unpaddedDigits.map((digits) => digits.padStart(3, '0'));
