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

/**
 * Whether a service's logger writes its per-bar and per-signal lines, read when the service is built (at
 * start and at each restart), so that a bar touches the logger only to write.
 *
 * Why not ask the logger each time: every trading system builds its own pino loggers, and a child logger's
 * hidden class is new with each (its prototype is its parent). A hot function that reads a property of one
 * is deoptimised by the next system's logger, and with it the code it had inlined: in a process that runs
 * system after system (the optimizer's trials, the benchmarks), the first 10,000 bars of each ran about
 * 30% slower.
 *
 * @example
 * ```ts
 * declare const io: ServiceIo;
 * const logs = levelsOn(io.logger);
 * if (logs.debug) io.logger.debug('detail built only when it is written');
 * ```
 */
export interface LevelsOn {
  readonly debug: boolean;
  readonly info: boolean;
  readonly warn: boolean;
}

/** {@link LevelsOn} of `logger` now. */
export function levelsOn(logger: Logger): LevelsOn {
  return {
    debug: logger.isLevelEnabled('debug'),
    info: logger.isLevelEnabled('info'),
    warn: logger.isLevelEnabled('warn'),
  };
}
