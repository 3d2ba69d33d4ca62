import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Readiness } from '../../../src/ops/assessReadiness.js';
import { type OperationsServer, startOperationsServer } from '../../../src/ops/startOperationsServer.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import type { TradingSystem } from '../../../src/system/tradingSystem.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { orchestratorFixture } from '../../support/actors/orchestratorFixture.js';
import { crashEvent, settle } from '../../support/actors/serviceFixtures.js';
import { parseExposition } from '../../support/ops/parseExposition.js';

const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(target: Parameters<typeof startOperationsServer>[0]): Promise<OperationsServer> {
  const server = await startOperationsServer(target, { port: 0, logger: silent });
  cleanups.push(() => server.close());
  return server;
}

async function scrape(server: OperationsServer) {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

/** Asks /readyz until it answers `status`, a bounded number of times (no wall-clock deadline). */
async function readyzUntil(
  server: OperationsServer,
  status: number,
  step: () => Promise<void> | void = settle,
) {
  let response = await fetch(`${server.url}/readyz`);
  for (let attempt = 0; attempt < 50 && response.status !== status; attempt += 1) {
    await step();
    response = await fetch(`${server.url}/readyz`);
  }
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function startedSystem(controlClock?: SimulatedClock): Promise<TradingSystem> {
  const system = await createTradingSystem(
    { logging: { level: 'SILENT' } },
    { mode: 'accelerated', ...(controlClock ? { controlClock } : {}) },
  );
  cleanups.push(() => system.stop());
  await system.run({ maxCandles: 40 });
  return system;
}

describe('operations endpoint over a running trading system', () => {
  it('exposes the services, bus and orchestrator metrics of the system as they are at scrape time', async () => {
    const system = await startedSystem();
    const server = await serve(system);
    const scraped = await scrape(server);
    const metrics = system.getAllMetrics();
    expect(
      scraped.value('tradestate_service_events_received_total', { service: 'indicator_calculation' }),
    ).toBe(metrics.services.indicator_calculation?.events_received);
    expect(
      scraped.value('tradestate_service_events_received_total', { service: 'indicator_calculation' }),
    ).toBeGreaterThan(0);
    expect(scraped.value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(
      metrics.services.data_fetching?.data_fetches,
    );
    expect(
      scraped.value('tradestate_service_indicators_calculated', { service: 'indicator_calculation' }),
    ).toBeGreaterThan(0);
    expect(scraped.value('tradestate_service_orders_placed', { service: 'trade_execution' })).toBe(
      metrics.services.trade_execution?.orders_placed,
    );
    expect(scraped.value('tradestate_event_bus_events_published_total')).toBe(
      metrics.event_bus.events_published,
    );
    expect(
      scraped.value('tradestate_event_bus_events_published_by_type_total', { type: 'NewCandleEvent' }),
    ).toBe(metrics.event_bus.published_by_type.NewCandleEvent);
    expect(scraped.value('tradestate_orchestrator_status', { status: 'running' })).toBe(1);
    expect(scraped.value('tradestate_orchestrator_services_count')).toBe(4);
    expect(scraped.value('tradestate_orchestrator_services_healthy')).toBe(4);
    for (const service of [
      'data_fetching',
      'indicator_calculation',
      'strategy_evaluation',
      'trade_execution',
    ]) {
      expect(scraped.value('tradestate_service_state', { service, state: 'RUNNING' })).toBe(1);
      expect(scraped.value('tradestate_service_restarts_total', { service })).toBe(0);
    }

    // Values are read per scrape: more candles, higher counters, no restart of the server.
    await system.run({ maxCandles: 80 });
    const later = await scrape(server);
    expect(later.value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBeGreaterThan(
      scraped.value('tradestate_service_data_fetches', { service: 'data_fetching' }) ?? 0,
    );
  });

  it('turns /readyz to 503 naming a FAILED service, and back to 200 when the supervisor has restarted it', async () => {
    // Supervision (restart backoff) runs on the control clock: a simulated one holds the FAILED state until the
    // test moves it, whatever the machine's load.
    const controlClock = new SimulatedClock(Date.UTC(2025, 0, 6));
    const system = await startedSystem(controlClock);
    const server = await serve(system);
    expect((await readyzUntil(server, 200)).status).toBe(200);

    system.orchestrator.actor.system
      .get('indicator_calculation')
      ?.send({ type: 'WORKER_FAILED', error: new Error('boom') });
    const failed = await readyzUntil(server, 503);
    expect(failed.status).toBe(503);
    expect(failed.body.ready).toBe(false);
    expect(Object.keys(failed.body.services)).toEqual(['indicator_calculation']);
    expect(failed.body.services.indicator_calculation).toEqual({
      state: 'FAILED',
      healthy: false,
      reason: 'state FAILED: boom',
    });
    expect(
      (await scrape(server)).value('tradestate_service_healthy', { service: 'indicator_calculation' }),
    ).toBe(0);

    const recovered = await readyzUntil(server, 200, async () => {
      controlClock.increment(1_000);
      await settle();
    });
    expect(recovered).toEqual({ status: 200, body: { ready: true, services: {} } });
    const scraped = await scrape(server);
    expect(scraped.value('tradestate_service_restarts_total', { service: 'indicator_calculation' })).toBe(1);
    expect(scraped.value('tradestate_orchestrator_restarts_total')).toBe(1);
  });

  it('reports every service not ready after the system stopped', async () => {
    const system = await startedSystem();
    const server = await serve(system);
    await system.stop();
    const readiness = await readyzUntil(server, 503);
    expect(readiness.status).toBe(503);
    expect(Object.values(readiness.body.services).map((entry) => (entry as { state: string }).state)).toEqual(
      ['STOPPED', 'STOPPED', 'STOPPED', 'STOPPED'],
    );
    expect((await scrape(server)).value('tradestate_orchestrator_status', { status: 'stopped' })).toBe(1);
  });

  it('serves two systems in one process side by side, each with its own figures', async () => {
    const first = await startedSystem();
    const second = await createTradingSystem({ logging: { level: 'SILENT' } }, { mode: 'accelerated' });
    cleanups.push(() => second.stop());
    await second.run({ maxCandles: 10 });
    const [a, b] = [await serve(first), await serve(second)];
    expect((await scrape(a)).value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(40);
    expect((await scrape(b)).value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(10);
  });
});

describe('operations endpoint over an orchestrator of test services', () => {
  it('turns /readyz to 503 when a handler throws and to 200 after the backoff restart, counting the restart', async () => {
    const fixture = orchestratorFixture({ services: ['data_fetching', 'trade_execution'] });
    cleanups.push(() => fixture.orchestrator.stop());
    await fixture.orchestrator.start();
    const server = await serve(fixture.orchestrator);
    expect((await readyzUntil(server, 200)).status).toBe(200);

    fixture.bus.publish(crashEvent('trade_execution'));
    const failed = await readyzUntil(server, 503);
    expect(failed.body).toEqual({
      ready: false,
      services: {
        trade_execution: {
          state: 'FAILED',
          healthy: false,
          reason: 'state FAILED: trade_execution handler crashed',
        },
      },
    });
    const during = await scrape(server);
    expect(during.value('tradestate_service_state', { service: 'trade_execution', state: 'FAILED' })).toBe(1);
    expect(during.value('tradestate_service_errors_total', { service: 'trade_execution' })).toBe(1);

    const recovered = await readyzUntil(server, 200, async () => {
      fixture.clock.increment(100);
      await settle();
    });
    expect(recovered.status).toBe(200);
    const after = await scrape(server);
    expect(after.value('tradestate_service_restarts_total', { service: 'trade_execution' })).toBe(1);
    expect(after.value('tradestate_service_restarts_total', { service: 'data_fetching' })).toBe(0);
    expect(after.value('tradestate_service_state', { service: 'trade_execution', state: 'RUNNING' })).toBe(1);
    // The restarted service has fresh state: its own gauge starts again from the new instance.
    expect(after.value('tradestate_service_instance', { service: 'trade_execution' })).toBe(2);
  });

  it('names a RUNNING service whose own health probe fails, with the probe reason', async () => {
    const fixture = orchestratorFixture({ services: ['data_fetching', 'trade_execution'] });
    cleanups.push(() => fixture.orchestrator.stop());
    await fixture.orchestrator.start();
    const server = await serve(fixture.orchestrator);
    fixture.controls.data_fetching!.healthy = false;
    const readiness = await readyzUntil(server, 503);
    expect(readiness.body.services).toEqual({
      data_fetching: { state: 'RUNNING', healthy: false, reason: 'probe says no' },
    });
  });
});
