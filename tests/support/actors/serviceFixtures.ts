import pino from 'pino';
import { defineService, type ServiceDefinition } from '../../../src/actors/defineService.js';
import { EventBus } from '../../../src/bus/eventBus.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { SimulatedClock } from '../../../src/util/clock.js';

export const silentLogger = pino({ level: 'silent' });

/** A promise whose settlement the test controls. */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks and actor mailboxes run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A shared journal of what the probe services did, in order. */
export type Journal = string[];

export interface ProbeState {
  instance: number;
  handled: number;
  broken: boolean;
}

export interface ProbeControls {
  /** Instances created so far (one per initialize). */
  instances: ProbeState[];
  /** When set, the next initialize waits for this. */
  initGate?: Deferred;
  shutdownGate?: Deferred;
  failInit?: boolean;
  failShutdown?: boolean;
  healthy: boolean;
}

/**
 * A service that logs its hooks into `journal`, handles `TradingBlockedEvent` (throws when the event's
 * first reason is `crash:<name>`), and whose initialize/shutdown the test can gate or fail.
 */
export function probeService(
  name: string,
  journal: Journal,
  controls: ProbeControls = { instances: [], healthy: true },
  extra: Partial<ServiceDefinition<ProbeState>> = {},
): { definition: ServiceDefinition<ProbeState>; controls: ProbeControls } {
  const definition = defineService<ProbeState>({
    name,
    displayName: `${name}Service`,
    async initialize() {
      journal.push(`init:${name}`);
      if (controls.initGate) await controls.initGate.promise;
      if (controls.failInit) throw new Error(`init of ${name} refused`);
      const state = { instance: controls.instances.length + 1, handled: 0, broken: false };
      controls.instances.push(state);
      return state;
    },
    subscribe(state) {
      return {
        TradingBlockedEvent: (event: TradingEvent & { reasons?: string[] }) => {
          if (event.reasons?.[0] === `crash:${name}`) {
            state.broken = true;
            throw new Error(`${name} handler crashed`);
          }
          state.handled += 1;
        },
      };
    },
    async shutdown() {
      journal.push(`shutdown:${name}`);
      if (controls.shutdownGate) await controls.shutdownGate.promise;
      if (controls.failShutdown) throw new Error(`shutdown of ${name} refused`);
    },
    health: () => (controls.healthy ? { healthy: true } : { healthy: false, reason: 'probe says no' }),
    metrics: (state) => ({ handled: state.handled, instance: state.instance }),
    ...extra,
  });
  return { definition, controls };
}

export function newBus(historySize = 10_000): EventBus {
  return new EventBus({ mode: 'sync', historySize, logger: silentLogger });
}

export function newClock(): SimulatedClock {
  return new SimulatedClock(Date.parse('2025-01-06T10:00:00Z'));
}

/** Publishes an event that makes the probe service `name` throw in its handler. */
export function crashEvent(name: string): TradingEvent {
  return {
    type: 'TradingBlockedEvent',
    eventId: `crash-${name}-${Math.random()}`,
    timestamp: 0,
    correlationId: 'test',
    symbol: 'EURUSD',
    reasons: [`crash:${name}`],
  };
}
