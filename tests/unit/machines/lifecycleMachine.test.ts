import { describe, expect, it } from 'vitest';
import { createServiceActor } from '../../../src/actors/createServiceActor.js';
import { defineService } from '../../../src/actors/defineService.js';
import { ServiceNotRunningError } from '../../../src/actors/serviceNotRunningError.js';
import type { EventOf } from '../../../src/events/tradingEvents.js';
import {
  crashEvent,
  deferred,
  newBus,
  newClock,
  probeService,
  settle,
  silentLogger,
} from '../../support/actors/serviceFixtures.js';

function transitions(bus: ReturnType<typeof newBus>) {
  return bus.getHistory({ type: 'ServiceStateChangedEvent' }).map((event) => {
    const changed = event as EventOf<'ServiceStateChangedEvent'>;
    return `${changed.from}->${changed.to}`;
  });
}

describe('lifecycle machine (bound to a service runtime)', () => {
  it('walks INITIALIZING -> RUNNING -> STOPPING -> STOPPED and publishes each transition', async () => {
    const bus = newBus();
    const journal: string[] = [];
    const service = createServiceActor(probeService('data_fetching', journal).definition, {
      bus,
      clock: newClock(),
      logger: silentLogger,
    });
    await service.started;
    expect(await service.stop()).toBe('STOPPED');
    expect(transitions(bus)).toEqual(['INITIALIZING->RUNNING', 'RUNNING->STOPPING', 'STOPPING->STOPPED']);
    expect(journal).toEqual(['init:data_fetching', 'shutdown:data_fetching']);
  });

  it('fails with the error kept in context when initialize throws', async () => {
    const bus = newBus();
    const { definition, controls } = probeService('data_fetching', []);
    controls.failInit = true;
    const service = createServiceActor(definition, { bus, clock: newClock(), logger: silentLogger });
    await expect(service.started).rejects.toThrow('init of data_fetching refused');
    expect(service.actor.getSnapshot().value).toBe('FAILED');
    expect(service.actor.getSnapshot().context.error).toBe('init of data_fetching refused');
    expect(service.getMetrics().errors).toBe(1);
    expect(transitions(bus)).toEqual(['INITIALIZING->FAILED']);
  });

  it('fails when initialize outlasts its timeout on the simulated clock, and discards the late state', async () => {
    const clock = newClock();
    const { definition, controls } = probeService('data_fetching', []);
    controls.initGate = deferred();
    const service = createServiceActor(
      definition,
      { bus: newBus(), clock, logger: silentLogger },
      { initTimeoutMs: 5_000 },
    );
    await settle();
    clock.increment(4_999);
    expect(service.actor.getSnapshot().value).toBe('INITIALIZING');
    clock.increment(1);
    expect(service.actor.getSnapshot().value).toBe('FAILED');
    expect(service.actor.getSnapshot().context.error).toBe('initialization timed out after 5000 ms');
    controls.initGate.resolve();
    await settle();
    // The abandoned initialization (its signal aborted) finishes late: its state is not kept.
    expect(service.actor.getSnapshot().value).toBe('FAILED');
    await expect(service.runtime.runCycle()).rejects.toThrow(ServiceNotRunningError);
  });

  it('fails when shutdown outlasts its timeout', async () => {
    const clock = newClock();
    const { definition, controls } = probeService('data_fetching', []);
    const service = createServiceActor(
      definition,
      { bus: newBus(), clock, logger: silentLogger },
      { shutdownTimeoutMs: 2_000 },
    );
    await service.started;
    controls.shutdownGate = deferred();
    const stopped = service.stop();
    await settle();
    clock.increment(2_000);
    expect(await stopped).toBe('FAILED');
    expect(service.actor.getSnapshot().context.error).toBe('shutdown timed out after 2000 ms');
  });

  it('fails when shutdown throws', async () => {
    const { definition, controls } = probeService('data_fetching', []);
    const service = createServiceActor(definition, {
      bus: newBus(),
      clock: newClock(),
      logger: silentLogger,
    });
    await service.started;
    controls.failShutdown = true;
    expect(await service.stop()).toBe('FAILED');
  });

  it('lets a handler crash fail the service: counted in errors, unsubscribed, FAILED with the error', async () => {
    const bus = newBus();
    const { definition } = probeService('indicator_calculation', []);
    const service = createServiceActor(definition, { bus, clock: newClock(), logger: silentLogger });
    await service.started;
    expect(bus.getMetrics().subscriptions).toBe(1);
    bus.publish(crashEvent('indicator_calculation'));
    await settle();
    expect(service.actor.getSnapshot().value).toBe('FAILED');
    expect(service.actor.getSnapshot().context.error).toBe('indicator_calculation handler crashed');
    expect(service.getMetrics()).toMatchObject({ events_received: 1, errors: 1 });
    expect(bus.getMetrics().subscriptions).toBe(0);
  });

  it('fails on a rejected async handler too', async () => {
    const bus = newBus();
    const definition = defineService({
      name: 'strategy_evaluation',
      displayName: 'StrategyEvaluationService',
      initialize: () => ({}),
      subscribe: () => ({
        TradingBlockedEvent: async () => {
          throw new Error('async boom');
        },
      }),
    });
    const service = createServiceActor(definition, { bus, clock: newClock(), logger: silentLogger });
    await service.started;
    bus.publish(crashEvent('x'));
    await settle();
    expect(service.actor.getSnapshot().context.error).toBe('async boom');
  });

  it('counts events published through the service helper', async () => {
    const bus = newBus();
    const definition = defineService({
      name: 'data_fetching',
      displayName: 'DataFetchingService',
      initialize: () => ({ fetches: 0 }),
      onCycle: (state, context) => {
        state.fetches += 1;
        context.emit('TradingAuthorizedEvent', { symbol: 'EURUSD', reason: 'test' });
      },
      metrics: (state) => ({ data_fetches: state.fetches }),
    });
    const service = createServiceActor(definition, { bus, clock: newClock(), logger: silentLogger });
    await service.started;
    await service.runCycle();
    await service.runCycle();
    expect(service.getMetrics()).toMatchObject({
      data_fetches: 2,
      events_published: 2,
      events_received: 0,
      errors: 0,
    });
    expect(bus.getHistory({ type: 'TradingAuthorizedEvent' })).toHaveLength(2);
  });

  it('ignores an event the current state does not accept, and logs it instead of crashing', async () => {
    const { definition, controls } = probeService('data_fetching', []);
    controls.initGate = deferred();
    const warnings: string[] = [];
    const logger = silentLogger.child({});
    logger.warn = ((_: unknown, message: string) => {
      warnings.push(message);
    }) as typeof logger.warn;
    const service = createServiceActor(definition, { bus: newBus(), clock: newClock(), logger });
    service.runtime.context.logger.warn = logger.warn;
    service.actor.send({ type: 'WORKER_FAILED', error: new Error('not running yet') });
    expect(service.actor.getSnapshot().value).toBe('INITIALIZING');
    expect(warnings).toEqual(['Ignored WORKER_FAILED: not accepted in the current state']);
    controls.initGate.resolve();
    await service.started;
  });
});
