import { describe, expect, it } from 'vitest';
import { ServiceStartError } from '../../../src/actors/serviceStartError.js';
import { TradingOrchestrator } from '../../../src/actors/tradingOrchestrator.js';
import { UnknownServiceNameError } from '../../../src/actors/unknownServiceNameError.js';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import type { EventOf } from '../../../src/events/tradingEvents.js';
import { allServices, orchestratorFixture } from '../../support/actors/orchestratorFixture.js';
import {
  crashEvent,
  deferred,
  newBus,
  newClock,
  probeService,
  settle,
  silentLogger,
} from '../../support/actors/serviceFixtures.js';

const startOrder = ['trade_execution', 'strategy_evaluation', 'indicator_calculation', 'data_fetching'];

describe('TradingOrchestrator: ordered start and reverse stop', () => {
  it('starts consumers before producers, one at a time, and stops producers first', async () => {
    const { orchestrator, journal, controls } = orchestratorFixture();
    controls.strategy_evaluation!.initGate = deferred();
    const started = orchestrator.start();
    await settle();
    // The next service is not spawned until the previous one is RUNNING.
    expect(journal).toEqual(['init:trade_execution', 'init:strategy_evaluation']);
    controls.strategy_evaluation!.initGate.resolve();
    await started;
    expect(journal).toEqual(startOrder.map((name) => `init:${name}`));
    expect(orchestrator.getStatus()).toBe('running');
    journal.length = 0;
    await orchestrator.stop();
    expect(journal).toEqual([...startOrder].reverse().map((name) => `shutdown:${name}`));
    expect(orchestrator.getStatus()).toBe('stopped');
  });

  it('drains the bus between the stops of two services', async () => {
    const { orchestrator, bus, journal } = orchestratorFixture({
      services: ['data_fetching', 'trade_execution'],
    });
    const originalDrain = bus.drain.bind(bus);
    bus.drain = async () => {
      journal.push('drain');
      return originalDrain();
    };
    await orchestrator.start();
    journal.length = 0;
    await orchestrator.stop();
    expect(journal).toEqual(['shutdown:data_fetching', 'drain', 'shutdown:trade_execution', 'drain']);
  });

  it('rejects start with ServiceStartError and stops the started ones when a service fails to initialize', async () => {
    const { orchestrator, journal, controls } = orchestratorFixture();
    controls.indicator_calculation!.failInit = true;
    await expect(orchestrator.start()).rejects.toThrow(ServiceStartError);
    expect(journal.filter((line) => line.startsWith('shutdown'))).toEqual([
      'shutdown:strategy_evaluation',
      'shutdown:trade_execution',
    ]);
    expect(orchestrator.getStatus()).toBe('failed');
  });

  it('runs only the services it is given, e.g. a subset from the configuration', async () => {
    const config = SystemConfigSchema.parse({
      services: { strategy_evaluation: { enabled: false } },
      orchestrator: { services: ['data_fetching', 'strategy_evaluation', 'indicator_calculation'] },
    });
    const definitions = allServices.map((name) => probeService(name, []).definition);
    const orchestrator = TradingOrchestrator.fromConfig(config, {
      bus: newBus(),
      clock: newClock(),
      logger: silentLogger,
      services: definitions,
    });
    expect(orchestrator.serviceNames).toEqual(['indicator_calculation', 'data_fetching']);
    await orchestrator.start();
    expect(orchestrator.getAllMetrics().orchestrator.services_count).toBe(2);
    await orchestrator.stop();
  });
});

describe('TradingOrchestrator: supervision', () => {
  async function failAndRecover(fixture: ReturnType<typeof orchestratorFixture>, service: string) {
    fixture.journal.length = 0;
    fixture.bus.publish(crashEvent(service));
    await settle();
    fixture.clock.increment(1_000);
    await settle();
  }

  it('one_for_one restarts only the failed service, with fresh state, after the backoff', async () => {
    const fixture = orchestratorFixture();
    const { orchestrator, bus, clock, journal, controls } = fixture;
    await orchestrator.start();
    journal.length = 0;
    bus.publish(crashEvent('indicator_calculation'));
    await settle();
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('FAILED');
    clock.increment(99);
    await settle();
    expect(journal).toEqual([]);
    clock.increment(1);
    await settle();
    expect(journal).toEqual(['init:indicator_calculation']);
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('RUNNING');
    expect(controls.indicator_calculation!.instances.map((state) => state.broken)).toEqual([true, false]);
    const restarted = bus.getHistory({ type: 'ServiceRestartedEvent' }) as EventOf<'ServiceRestartedEvent'>[];
    expect(restarted.map((event) => [event.service, event.restart_count])).toEqual([
      ['indicator_calculation', 1],
    ]);
    expect(bus.getHistory({ type: 'ServiceFailedEvent' })).toHaveLength(1);
    await orchestrator.stop();
  });

  it('one_for_all stops the others in reverse order and restarts everything in start order', async () => {
    const fixture = orchestratorFixture({ supervision: { strategy: 'one_for_all' } });
    await fixture.orchestrator.start();
    await failAndRecover(fixture, 'strategy_evaluation');
    expect(fixture.journal).toEqual([
      'shutdown:data_fetching',
      'shutdown:indicator_calculation',
      'shutdown:trade_execution',
      ...startOrder.map((name) => `init:${name}`),
    ]);
    expect(Object.values(fixture.orchestrator.getServiceHealth()).every((entry) => entry.healthy)).toBe(true);
    await fixture.orchestrator.stop();
  });

  it('rest_for_one restarts the failed service and those started after it', async () => {
    const fixture = orchestratorFixture({ supervision: { strategy: 'rest_for_one' } });
    await fixture.orchestrator.start();
    await failAndRecover(fixture, 'strategy_evaluation');
    expect(fixture.journal).toEqual([
      'shutdown:data_fetching',
      'shutdown:indicator_calculation',
      'init:strategy_evaluation',
      'init:indicator_calculation',
      'init:data_fetching',
    ]);
    await fixture.orchestrator.stop();
  });

  it('never restarts a temporary service, and restarts a transient one only after a failure', async () => {
    const fixture = orchestratorFixture({
      restartTypes: {
        data_fetching: 'temporary',
        indicator_calculation: 'transient',
        strategy_evaluation: 'permanent',
      },
    });
    const { orchestrator } = fixture;
    await orchestrator.start();
    await failAndRecover(fixture, 'data_fetching');
    expect(orchestrator.getServiceState('data_fetching')).toBe('FAILED');
    await failAndRecover(fixture, 'indicator_calculation');
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('RUNNING');
    // A clean stop not asked by the supervisor: transient stays down, permanent comes back.
    orchestrator.actor.system.get('indicator_calculation')?.send({ type: 'STOP' });
    orchestrator.actor.system.get('strategy_evaluation')?.send({ type: 'STOP' });
    await settle();
    fixture.clock.increment(1_000);
    await settle();
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('STOPPED');
    expect(orchestrator.getServiceState('strategy_evaluation')).toBe('RUNNING');
    await orchestrator.stop();
  });

  it('backs off exponentially between restarts within the window', async () => {
    const fixture = orchestratorFixture({ supervision: { maxRestarts: 10 } });
    const { orchestrator, bus, clock } = fixture;
    await orchestrator.start();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      bus.publish(crashEvent('trade_execution'));
      await settle();
      let waited = 0;
      while (orchestrator.getServiceState('trade_execution') !== 'RUNNING') {
        clock.increment(50);
        waited += 50;
        await settle(2);
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800]);
    await orchestrator.stop();
  });

  it('escalates when the intensity is exceeded: blocks trading per symbol and reports degraded', async () => {
    const fixture = orchestratorFixture({ supervision: { maxRestarts: 2 } });
    const { orchestrator, bus } = fixture;
    await orchestrator.start();
    for (let attempt = 0; attempt < 3; attempt += 1) await failAndRecover(fixture, 'data_fetching');
    expect(orchestrator.getStatus()).toBe('degraded');
    expect(orchestrator.getServiceState('data_fetching')).toBe('FAILED');
    const blocked = bus
      .getHistory({ type: 'TradingBlockedEvent' })
      .filter(
        (event) => (event as EventOf<'TradingBlockedEvent'>).reasons[0] === 'service_failed',
      ) as EventOf<'TradingBlockedEvent'>[];
    expect(blocked.map((event) => event.symbol)).toEqual(['EURUSD', 'GBPUSD']);
    expect(orchestrator.actor.getSnapshot().context.error).toMatch(/restart intensity exceeded/);
    // Manual restart brings it back and authorizes trading again.
    await orchestrator.restartService('data_fetching');
    expect(orchestrator.getStatus()).toBe('running');
    expect(bus.getHistory({ type: 'TradingAuthorizedEvent' })).toHaveLength(2);
    await orchestrator.stop();
  });

  it('stops the whole system on intensity exceeded when on_intensity_exceeded is stop', async () => {
    const fixture = orchestratorFixture({ supervision: { maxRestarts: 0, onIntensityExceeded: 'stop' } });
    await fixture.orchestrator.start();
    await failAndRecover(fixture, 'indicator_calculation');
    expect(fixture.orchestrator.getStatus()).toBe('stopped');
    expect(fixture.orchestrator.getServiceState('data_fetching')).toBe('STOPPED');
  });

  it('restarts a running service on request with fresh state, without counting it against the intensity', async () => {
    const fixture = orchestratorFixture({ supervision: { maxRestarts: 0 } });
    const { orchestrator, journal, controls } = fixture;
    await orchestrator.start();
    journal.length = 0;
    await orchestrator.restartService('strategy_evaluation');
    expect(journal).toEqual(['shutdown:strategy_evaluation', 'init:strategy_evaluation']);
    expect(controls.strategy_evaluation!.instances).toHaveLength(2);
    expect(orchestrator.getStatus()).toBe('running');
    expect(() => orchestrator.getServiceState('nope')).toThrow(UnknownServiceNameError);
    await expect(orchestrator.restartService('nope')).rejects.toThrow(UnknownServiceNameError);
    await orchestrator.stop();
  });

  it('ignores events that are invalid in the current state and keeps running', async () => {
    const { orchestrator } = orchestratorFixture();
    orchestrator.actor.start();
    orchestrator.actor.send({ type: 'RESTART_SERVICE', service: 'data_fetching' });
    orchestrator.actor.send({ type: 'SERVICE_RUNNING', service: 'data_fetching' });
    expect(orchestrator.actor.getSnapshot().value).toBe('IDLE');
    await orchestrator.start();
    orchestrator.actor.send({ type: 'START' });
    orchestrator.actor.send({ type: 'RESTART_SERVICE', service: 'unknown_service' });
    expect(orchestrator.getStatus()).toBe('running');
    await orchestrator.stop();
  });
});

describe('TradingOrchestrator: loop, health and metrics', () => {
  it('runs cycles one after another in fresh correlation scopes and stops at maxCycles or until()', async () => {
    const correlationIds: string[] = [];
    const { definition } = probeService(
      'data_fetching',
      [],
      { instances: [], healthy: true },
      {
        onCycle: (_state, context) => {
          correlationIds.push(
            context.emit('TradingAuthorizedEvent', { symbol: 'EURUSD', reason: 'tick' }).correlationId,
          );
        },
      },
    );
    const clock = newClock();
    const orchestrator = new TradingOrchestrator({
      bus: newBus(),
      clock,
      logger: silentLogger,
      services: [definition],
    });
    expect(await orchestrator.run(0, { maxCycles: 5 })).toBe(5);
    expect(new Set(correlationIds).size).toBe(5);
    const before = clock.now();
    expect(await orchestrator.run(5, { until: () => correlationIds.length >= 8 })).toBe(3);
    expect(clock.now() - before).toBe(15_000);
    expect(orchestrator.getAllMetrics().services.data_fetching).toMatchObject({ events_published: 8 });
    await orchestrator.stop();
  });

  it("runs each cycle's deferred work at its end, window closed, and fails the service whose deferred work fails", async () => {
    const journal: string[] = [];
    let windowSeen: { open: boolean } | undefined;
    const { definition: producer } = probeService(
      'data_fetching',
      [],
      { instances: [], healthy: true },
      {
        onCycle: (_state, context) => {
          windowSeen = context.cycle;
          journal.push(`cycle open=${context.cycle.open}`);
        },
      },
    );
    let failNext = false;
    const { definition: consumer } = probeService(
      'trade_execution',
      [],
      { instances: [], healthy: true },
      {
        afterCycle: (_state, context, failed) => {
          journal.push(`after open=${context.cycle.open}`);
          if (failNext) {
            failNext = false;
            failed(new Error('broker down'), crashEvent('other'));
          }
        },
      },
    );
    const clock = newClock();
    const orchestrator = new TradingOrchestrator({
      bus: newBus(),
      clock,
      logger: silentLogger,
      services: [consumer, producer],
    });
    await orchestrator.start();
    // No promise for a cycle whose work and deferred work are synchronous.
    expect(await orchestrator.run(0, { maxCycles: 2 })).toBe(2);
    expect(journal).toEqual(['cycle open=true', 'after open=false', 'cycle open=true', 'after open=false']);
    expect(windowSeen?.open).toBe(false);
    failNext = true;
    await orchestrator.runCycle();
    await settle();
    expect(orchestrator.getServiceState('trade_execution')).toBe('FAILED');
    expect(orchestrator.getAllMetrics().services.trade_execution).toMatchObject({ errors: 1 });
    await orchestrator.stop();
  });

  it('fails a service whose onCycle throws and lets the supervisor restart it', async () => {
    let calls = 0;
    const { definition } = probeService(
      'data_fetching',
      [],
      { instances: [], healthy: true },
      {
        onCycle: () => {
          calls += 1;
          if (calls === 1) throw new Error('feed down');
        },
      },
    );
    const clock = newClock();
    const orchestrator = new TradingOrchestrator({
      bus: newBus(),
      clock,
      logger: silentLogger,
      services: [definition],
    });
    await orchestrator.start();
    await orchestrator.runCycle();
    await settle();
    expect(orchestrator.getServiceState('data_fetching')).toBe('FAILED');
    clock.increment(100);
    await settle();
    expect(orchestrator.getServiceState('data_fetching')).toBe('RUNNING');
    expect(orchestrator.getAllMetrics().services.data_fetching).toMatchObject({ errors: 1, restarts: 1 });
    await orchestrator.stop();
  });

  it('checks health every interval on the clock: healthy means RUNNING and a passing probe', async () => {
    const { orchestrator, clock, controls } = orchestratorFixture({ healthCheckIntervalSeconds: 10 });
    await orchestrator.start();
    expect(orchestrator.getLastHealthCheck()).toEqual({});
    controls.indicator_calculation!.healthy = false;
    clock.increment(10_000);
    expect(orchestrator.getLastHealthCheck().indicator_calculation).toEqual({
      healthy: false,
      reason: 'probe says no',
    });
    controls.indicator_calculation!.healthy = true;
    clock.increment(10_000);
    expect(orchestrator.getLastHealthCheck().indicator_calculation).toEqual({ healthy: true });
    await orchestrator.stop();
  });

  it('reports metrics in the seed shape', async () => {
    const { orchestrator, clock } = orchestratorFixture();
    await orchestrator.start();
    clock.increment(2_500);
    const metrics = orchestrator.getAllMetrics();
    expect(metrics.orchestrator).toMatchObject({
      status: 'running',
      uptime_seconds: 2.5,
      services_count: 4,
      services_healthy: 4,
    });
    expect(metrics.services.trade_execution).toMatchObject({
      events_received: 0,
      events_published: 0,
      errors: 0,
      handled: 0,
    });
    expect(metrics.event_bus.events_published).toBeGreaterThan(0);
    await orchestrator.stop();
  });
});

describe('TradingOrchestrator: supervision on control time', () => {
  it('times backoff on the control clock: a market clock moving a day per bar restarts nothing early', async () => {
    const market = newClock();
    const control = newClock();
    const { definition, controls } = probeService('indicator_calculation', []);
    const orchestrator = new TradingOrchestrator({
      bus: newBus(),
      clock: market,
      controlClock: control,
      logger: silentLogger,
      services: [definition],
      supervision: { backoffInitialMs: 100, backoffMaxMs: 1_000 },
      initTimeoutSeconds: 10,
    });
    await orchestrator.start();
    orchestrator.bus.publish(crashEvent('indicator_calculation'));
    await settle();
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('FAILED');
    market.increment(86_400_000);
    await settle();
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('FAILED');
    control.increment(100);
    await settle();
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('RUNNING');
    expect(controls.instances).toHaveLength(2);
    await orchestrator.stop();
  });

  it('keeps the decision, the escalation and the failed service in the machine: context and tags', async () => {
    const fixture = orchestratorFixture({ supervision: { maxRestarts: 1 } });
    const { orchestrator, bus, clock } = fixture;
    await orchestrator.start();
    bus.publish(crashEvent('strategy_evaluation'));
    await settle();
    let snapshot = orchestrator.actor.getSnapshot();
    expect(snapshot.hasTag('recovering')).toBe(true);
    expect(snapshot.context.decision).toMatchObject({
      action: 'restart',
      start: ['strategy_evaluation'],
      delayMs: 100,
    });
    clock.increment(100);
    await settle();
    expect(orchestrator.actor.getSnapshot().hasTag('recovering')).toBe(false);
    bus.publish(crashEvent('strategy_evaluation'));
    await settle();
    snapshot = orchestrator.actor.getSnapshot();
    expect(snapshot.hasTag('degraded')).toBe(true);
    expect(snapshot.context.decision?.action).toBe('escalate');
    expect(snapshot.context.escalation).toMatchObject({
      service: 'strategy_evaluation',
      reason: 'restart intensity exceeded: 1 restarts within 100 bars (max 1)',
    });
    // The failed actor is gone; its state and error are read from how the supervisor recorded its end.
    expect(snapshot.children.strategy_evaluation).toBeUndefined();
    expect(orchestrator.lifecycleOf('strategy_evaluation')).toMatchObject({ state: 'FAILED' });
    expect(orchestrator.lifecycleOf('strategy_evaluation').error).toBeDefined();
    expect(snapshot.context.failureCounts.strategy_evaluation).toBe(2);
    await orchestrator.stop();
  });
});
