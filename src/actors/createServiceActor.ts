import { type Actor, createActor, waitFor } from 'xstate';
import { EventFactory } from '../events/eventFactory.js';
import { createIdGenerator } from '../util/idGenerator.js';
import { createServiceLogic } from './createServiceLogic.js';
import type { AnyServiceDefinition } from './defineService.js';
import { ServiceNotRunningError } from './serviceNotRunningError.js';
import { type ServiceDeps, ServiceRuntime } from './serviceRuntime.js';

/**
 * A service running on its own (no supervisor): for unit tests of a service and small tools.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const ticker = defineService({ name: 'ticker', displayName: 'TickerService', initialize: () => ({}) });
 * const service: StandaloneService = createServiceActor(ticker, {
 *   bus: new MockEventBus(),
 *   clock: new SimulatedClock(0),
 *   logger: pino({ level: 'silent' }),
 * });
 * await service.started;
 * await service.runCycle();
 * await service.stop();
 * ```
 */
export interface StandaloneService {
  actor: Actor<ReturnType<typeof createServiceLogic>>;
  runtime: ServiceRuntime;
  /** Resolves when RUNNING; rejects with the error if it FAILED. */
  started: Promise<void>;
  runCycle(): Promise<void>;
  getMetrics(): Record<string, number>;
  /** Walks STOPPING -> STOPPED and resolves with the final status. */
  stop(): Promise<'STOPPED' | 'FAILED'>;
}

/**
 * Starts one service as its own lifecycle actor (systemId = its name), bound to a bus, clock and logger.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const bus = new MockEventBus();
 * const candles = new EventBuilders();
 * const producer = defineService({
 *   name: 'producer',
 *   displayName: 'ProducerService',
 *   initialize: () => ({}),
 *   onCycle: (_state, context) => context.publish(candles.newCandle()),
 * });
 * const service = createServiceActor(producer, { bus, clock: new SimulatedClock(0), logger: pino({ level: 'silent' }) });
 * await service.started;
 * await service.runCycle();
 * expect(bus.hasPublished('NewCandleEvent')).toBe(true);
 * await service.stop();
 * ```
 */
export function createServiceActor(
  definition: AnyServiceDefinition,
  deps: Omit<ServiceDeps, 'events'> & { events?: EventFactory },
  timeouts: { initTimeoutMs?: number; shutdownTimeoutMs?: number } = {},
): StandaloneService {
  const runtime = new ServiceRuntime(definition, {
    ...deps,
    events: deps.events ?? new EventFactory(deps.clock, createIdGenerator()),
  });
  const logic = createServiceLogic((name) => (name === runtime.name ? runtime : undefined), {
    supervised: false,
  });
  const actor = createActor(logic, {
    input: { service: runtime.name, ...timeouts },
    clock: deps.clock,
    systemId: runtime.name,
  });
  actor.subscribe({ error: (error) => runtime.logger.error({ err: error }, 'Service actor failed') });
  actor.start();
  const started = waitFor(actor, (s) => !s.matches('INITIALIZING')).then((snapshot) => {
    if (!snapshot.matches('RUNNING'))
      throw new Error(snapshot.context.error ?? `${runtime.name} did not start`);
  });
  started.catch(() => undefined);
  return {
    actor,
    runtime,
    started,
    runCycle: () => {
      const state = String(actor.getSnapshot().value);
      if (state !== 'RUNNING') return Promise.reject(new ServiceNotRunningError(runtime.name, state));
      return runtime.runCycle();
    },
    getMetrics: () => runtime.getMetrics(),
    async stop() {
      actor.send({ type: 'STOP' });
      const snapshot = await waitFor(actor, (s) => s.status !== 'active');
      return snapshot.output?.status ?? 'STOPPED';
    },
  };
}
