import pino from 'pino';
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { OperationsMetrics } from '../../../src/ops/operationsMetrics.js';
import { FakeTarget } from '../../support/ops/fakeTarget.js';
import { parseExposition } from '../../support/ops/parseExposition.js';

async function scrape(metrics: OperationsMetrics) {
  return parseExposition(await metrics.render());
}

describe('OperationsMetrics', () => {
  it('exports every numeric service metric with a service label: base ones as _total counters, own ones as gauges', async () => {
    const target = new FakeTarget();
    const scraped = await scrape(new OperationsMetrics(target));
    expect(scraped.value('tradestate_service_events_published_total', { service: 'data_fetching' })).toBe(6);
    expect(scraped.types.tradestate_service_events_published_total).toBe('counter');
    expect(scraped.value('tradestate_service_restarts_total', { service: 'data_fetching' })).toBe(0);
    expect(scraped.value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(3);
    expect(scraped.types.tradestate_service_data_fetches).toBe('gauge');
    // `state` is a string: it is the state set below, not a metric of its own.
    expect(
      scraped.samples.some((sample) => sample.name === 'tradestate_service_state' && !sample.labels.state),
    ).toBe(false);
  });

  it('reads the values at scrape time, one snapshot per scrape, so a later scrape sees later values', async () => {
    const target = new FakeTarget();
    const metrics = new OperationsMetrics(target);
    await scrape(metrics);
    expect(target.reads).toBe(1);
    target.metrics.services.data_fetching!.data_fetches = 40;
    target.metrics.event_bus.published_by_type.NewCandleEvent = 40;
    const scraped = await scrape(metrics);
    expect(target.reads).toBe(2);
    expect(scraped.value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(40);
    expect(
      scraped.value('tradestate_event_bus_events_published_by_type_total', { type: 'NewCandleEvent' }),
    ).toBe(40);
  });

  it('picks up a service and a metric key that first appear after the first scrape', async () => {
    const target = new FakeTarget();
    const metrics = new OperationsMetrics(target);
    await scrape(metrics);
    target.metrics.services.trade_execution = { orders_placed: 2, events_received: 5, state: 'INITIALIZING' };
    const scraped = await scrape(metrics);
    expect(scraped.value('tradestate_service_orders_placed', { service: 'trade_execution' })).toBe(2);
    expect(scraped.value('tradestate_service_events_received_total', { service: 'trade_execution' })).toBe(5);
    expect(
      scraped.value('tradestate_service_state', { service: 'trade_execution', state: 'INITIALIZING' }),
    ).toBe(1);
  });

  it('writes lifecycle state, orchestrator status and bus mode as state sets with 1 on the current value only', async () => {
    const target = new FakeTarget();
    target.metrics.services.data_fetching!.state = 'FAILED';
    target.metrics.orchestrator.status = 'degraded';
    const scraped = await scrape(new OperationsMetrics(target));
    const states = scraped.samples.filter((sample) => sample.name === 'tradestate_service_state');
    expect(states.filter((sample) => sample.value === 1).map((sample) => sample.labels.state)).toEqual([
      'FAILED',
    ]);
    expect(states.map((sample) => sample.labels.state)).toContain('RUNNING');
    expect(scraped.value('tradestate_orchestrator_status', { status: 'degraded' })).toBe(1);
    expect(scraped.value('tradestate_orchestrator_status', { status: 'running' })).toBe(0);
    expect(scraped.value('tradestate_event_bus_mode', { mode: 'sync' })).toBe(1);
  });

  it('adds a state it does not know to the state set instead of dropping it', async () => {
    const target = new FakeTarget();
    target.metrics.services.data_fetching!.state = 'PAUSED';
    const scraped = await scrape(new OperationsMetrics(target));
    expect(scraped.value('tradestate_service_state', { service: 'data_fetching', state: 'PAUSED' })).toBe(1);
  });

  it('exports the orchestrator and bus figures under tradestate_orchestrator_* and tradestate_event_bus_*', async () => {
    const target = new FakeTarget();
    target.metrics.event_bus.queue_depth = 7;
    target.metrics.event_bus.events_dropped = 2;
    target.metrics.event_bus.errors_by_type = { OrderPlacedEvent: 1 };
    target.health.data_fetching = { healthy: false, state: 'RUNNING', reason: 'stale feed' };
    const scraped = await scrape(new OperationsMetrics(target));
    expect(scraped.value('tradestate_orchestrator_uptime_seconds')).toBe(12);
    expect(scraped.value('tradestate_orchestrator_services_count')).toBe(1);
    expect(scraped.value('tradestate_orchestrator_cycles_total')).toBe(3);
    expect(scraped.value('tradestate_event_bus_events_published_total')).toBe(6);
    expect(scraped.value('tradestate_event_bus_queue_depth')).toBe(7);
    expect(scraped.value('tradestate_event_bus_events_dropped_total')).toBe(2);
    expect(
      scraped.value('tradestate_event_bus_handler_errors_by_type_total', { type: 'OrderPlacedEvent' }),
    ).toBe(1);
    expect(scraped.value('tradestate_service_healthy', { service: 'data_fetching' })).toBe(0);
  });

  it('makes metric keys valid Prometheus names and skips, with a warning, a key that would collide with a fixed metric', async () => {
    const target = new FakeTarget();
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    target.metrics.services.data_fetching!['fetch.latency-ms'] = 12;
    target.metrics.services.data_fetching!.healthy = 5;
    const scraped = await scrape(new OperationsMetrics(target, { logger }));
    expect(scraped.value('tradestate_service_fetch_latency_ms', { service: 'data_fetching' })).toBe(12);
    expect(scraped.value('tradestate_service_healthy', { service: 'data_fetching' })).toBe(1);
    expect(warnings).toEqual([
      expect.stringContaining('service.healthy would collide with tradestate_service_healthy'),
    ]);
  });

  it('keeps each instance in its own registry: two systems in one process and the global registry do not collide', async () => {
    const first = new FakeTarget();
    const second = new FakeTarget();
    second.metrics.services.data_fetching!.data_fetches = 99;
    const [a, b] = [new OperationsMetrics(first), new OperationsMetrics(second)];
    expect((await scrape(a)).value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(3);
    expect((await scrape(b)).value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(99);
    expect(register.getSingleMetric('tradestate_service_state')).toBeUndefined();
  });

  it('adds Node process metrics to its own registry only when asked', async () => {
    const without = await scrape(new OperationsMetrics(new FakeTarget()));
    expect(without.samples.some((sample) => sample.name.startsWith('process_'))).toBe(false);
    const withProcess = await scrape(new OperationsMetrics(new FakeTarget(), { processMetrics: true }));
    expect(
      withProcess.value('process_resident_memory_bytes') ?? withProcess.value('nodejs_heap_size_total_bytes'),
    ).toBeGreaterThan(0);
  });
});
