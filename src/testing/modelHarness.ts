import pino, { type Logger } from 'pino';
import type { EventBusPort } from '../bus/busTypes.js';
import { EventBus } from '../bus/eventBus.js';
import type { ControlledService } from './controlledService.js';
import { EventBuilders } from './eventBuilders.js';

/**
 * Options every model-based kit takes.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const options: ModelOptions = { patienceMs: 5_000, logger: pino({ level: 'debug' }) };
 * ```
 */
export interface ModelOptions {
  /** How long a step may take to reach the state the model expects (default 2,000 ms). */
  patienceMs?: number;
  /** The timeout used where a path lets one expire (default 30 ms); every other timeout is far longer. */
  expiringTimeoutMs?: number;
  /** Where the services log (default: silent). */
  logger?: Logger;
}

export const defaultPatienceMs = 2_000;
export const defaultExpiringTimeoutMs = 30;

export function silentLogger(options: ModelOptions): Logger {
  return options.logger ?? pino({ level: 'silent' });
}

/** A synchronous in-process bus: an event published reaches the handlers before `publish` returns. */
export function modelBus(logger: Logger): EventBus {
  return new EventBus({ mode: 'sync', historySize: 100, logger });
}

/** Makes the controlled service's handlers throw on the next event, and publishes one. */
export function crashHandler(controlled: ControlledService, bus: EventBusPort): void {
  controlled.handlerThrows = true;
  bus.publish(
    new EventBuilders().build('ServiceStateChangedEvent', {
      service: controlled.definition.name,
      from: 'RUNNING',
      to: 'RUNNING',
      reason: 'fault injected by the model test',
    }),
  );
}

/** Lets pending promise callbacks, actor mailboxes and immediate timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Polls `condition` until it holds or `patienceMs` pass; returns whether it held. */
export async function eventually(condition: () => boolean, patienceMs: number): Promise<boolean> {
  const deadline = Date.now() + patienceMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
  return true;
}
