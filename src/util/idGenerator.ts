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
  return seed === undefined ? new RandomIds() : new SeededIds(new SeededRandom(seed));
}

/*
 * Classes rather than objects of closures: one trading system after another in a process (an optimiser
 * worker runs one per trial) then call the same functions, and code that inlined the previous system's
 * closures is not deoptimised ("wrong call target") by the next one's.
 */

/** Random UUIDs. */
class RandomIds implements IdGenerator {
  eventId(): string {
    return randomUUID();
  }

  correlationId(): string {
    return randomUUID().slice(0, 8);
  }
}

/** Ids from a seeded generator: the same ids on every run. */
class SeededIds implements IdGenerator {
  private readonly random: SeededRandom;
  private readonly head: string;
  // `head + counter` formatted a number per event (several a bar): the counter's digits are its thousands,
  // formatted once per thousand ids, then three digits from a table.
  private blockHead: string;
  private block = 0;
  private withinBlock = 0;

  constructor(random: SeededRandom) {
    this.random = random;
    this.head = `e-${random.hex8()}-`;
    this.blockHead = this.head;
  }

  eventId(): string {
    this.withinBlock++;
    if (this.withinBlock === 1000) {
      this.withinBlock = 0;
      this.block++;
      this.blockHead = this.head + this.block;
    }
    return (
      this.blockHead + (this.block === 0 ? unpaddedDigits[this.withinBlock] : paddedDigits[this.withinBlock])
    );
  }

  correlationId(): string {
    return this.random.hex8();
  }
}

const unpaddedDigits = Array.from({ length: 1000 }, (_, value) => String(value));
/** 000 … 999: the last three digits of a larger number. */
const paddedDigits = unpaddedDigits.map((digits) => digits.padStart(3, '0'));
