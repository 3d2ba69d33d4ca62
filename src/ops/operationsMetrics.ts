import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type {
  OperationsMetricsSnapshot,
  OperationsServiceHealth,
  OperationsTarget,
} from './operationsTarget.js';

type Labels = Record<string, string>;
type Sample = readonly [labels: Labels, value: number];
type Snapshot = { metrics: OperationsMetricsSnapshot; health: Record<string, OperationsServiceHealth> };

const orchestratorStatuses = ['idle', 'starting', 'running', 'degraded', 'stopping', 'stopped', 'failed'];
const lifecycleStates = ['NOT_STARTED', 'INITIALIZING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED'];
const busModes = ['sync', 'async'];
/** Base service metrics that only ever grow (cumulative across restarts): exposed as `_total` counters. */
const serviceCounters: Record<string, string> = {
  events_received: 'Events delivered to the service handlers',
  events_published: 'Events the service published',
  errors: 'Handler, cycle, initialization and shutdown failures of the service',
  restarts: 'Restarts of the service by its supervisor',
};
const orchestratorCounters: Record<string, string> = {
  restarts_total: 'Service restarts by the supervisor, all services',
  cycles: 'Trading-loop cycles run',
};

export interface OperationsMetricsOptions {
  /** Also export Node's `process_*` / `nodejs_*` metrics (CPU, memory, event-loop lag) in this registry. */
  processMetrics?: boolean;
  logger?: Logger;
}

/**
 * The Prometheus view of a trading system, in its own `Registry` (never prom-client's global one, so two
 * systems in one process do not collide). Nothing is pushed per event: every metric has a `collect()`
 * that reads one `getAllMetrics()` / `getServiceHealth()` snapshot taken at scrape time. Each numeric
 * metric of `services.<name>` becomes `tradestate_service_<metric>{service="<name>"}`; the base ones
 * (events received/published, errors, restarts) are counters with `_total`, the services' own ones gauges
 * (a service's own counters restart from zero with the service, and some are levels, not counts).
 *
 * @example
 * ```ts
 * const metrics = new OperationsMetrics(system);
 * const text = await metrics.render(); // tradestate_service_events_received_total{service="indicator_calculation"} 812 ...
 * ```
 */
export class OperationsMetrics {
  readonly registry = new Registry();
  private cached: Snapshot | undefined;
  /** Names of the per-service gauges registered so far, by metric key. */
  private readonly serviceGauges = new Map<string, string>();
  private readonly orchestratorGauges = new Map<string, string>();
  private readonly skipped = new Set<string>();

  constructor(
    private readonly target: OperationsTarget,
    private readonly options: OperationsMetricsOptions = {},
  ) {
    this.defineFixedMetrics();
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Content type of `render()`'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Takes one snapshot, registers gauges for metric keys seen for the first time, and renders the text. */
  async render(): Promise<string> {
    const { metrics } = this.snapshot();
    for (const service of Object.values(metrics.services)) {
      for (const [key, value] of Object.entries(service)) {
        if (typeof value === 'number' && !(key in serviceCounters)) this.ensureGauge('service', key);
      }
    }
    for (const [key, value] of Object.entries(metrics.orchestrator)) {
      if (typeof value === 'number' && !(key in orchestratorCounters)) this.ensureGauge('orchestrator', key);
    }
    return this.registry.metrics();
  }

  /**
   * One snapshot per scrape: prom-client calls every `collect()` synchronously at the start of
   * `registry.metrics()`, so caching until the next microtask gives all of them the same view.
   */
  private snapshot(): Snapshot {
    if (!this.cached) {
      this.cached = { metrics: this.target.getAllMetrics(), health: this.target.getServiceHealth() };
      queueMicrotask(() => {
        this.cached = undefined;
      });
    }
    return this.cached;
  }

  private defineFixedMetrics(): void {
    const services = () => Object.entries(this.snapshot().metrics.services);
    for (const [key, help] of Object.entries(serviceCounters)) {
      this.counter(`tradestate_service_${key}_total`, help, ['service'], () =>
        services().map(([service, values]) => [{ service }, values[key]] as const),
      );
    }
    this.gauge(
      'tradestate_service_state',
      'Lifecycle state of the service (1 = current)',
      ['service', 'state'],
      () =>
        services().flatMap(([service, values]) =>
          stateSet(lifecycleStates, String(values.state), (state) => ({ service, state })),
        ),
    );
    this.gauge(
      'tradestate_service_healthy',
      'Service RUNNING and its health probe passing (1) or not (0)',
      ['service'],
      () =>
        Object.entries(this.snapshot().health).map(
          ([service, health]) => [{ service }, health.healthy ? 1 : 0] as const,
        ),
    );

    const orchestrator = () => this.snapshot().metrics.orchestrator;
    this.gauge('tradestate_orchestrator_status', 'Orchestrator status (1 = current)', ['status'], () =>
      stateSet(orchestratorStatuses, orchestrator().status, (status) => ({ status })),
    );
    this.counter(
      'tradestate_orchestrator_restarts_total',
      orchestratorCounters.restarts_total ?? '',
      [],
      () => [[{}, orchestrator().restarts_total]],
    );
    this.counter('tradestate_orchestrator_cycles_total', orchestratorCounters.cycles ?? '', [], () => [
      [{}, orchestrator().cycles],
    ]);
    this.ensureGauge(
      'orchestrator',
      'uptime_seconds',
      'Seconds since the services started, on the system clock (market time when simulated)',
    );
    this.ensureGauge('orchestrator', 'services_count', 'Services this orchestrator runs');
    this.ensureGauge('orchestrator', 'services_healthy', 'Services RUNNING with a passing health probe');

    const bus = () => this.snapshot().metrics.event_bus;
    const busCounters = {
      events_published_total: ['Events published on the bus', () => bus().events_published],
      events_delivered_total: ['Deliveries of events to handlers', () => bus().events_delivered],
      handler_errors_total: ['Handler failures isolated by the bus', () => bus().handler_errors],
      events_dropped_total: ['Events dropped by a full queue', () => bus().events_dropped],
    } as const;
    for (const [name, [help, read]] of Object.entries(busCounters)) {
      this.counter(`tradestate_event_bus_${name}`, help, [], () => [[{}, read()]]);
    }
    this.counter(
      'tradestate_event_bus_events_published_by_type_total',
      'Events published, per event type',
      ['type'],
      () => Object.entries(bus().published_by_type).map(([type, count]) => [{ type }, count] as const),
    );
    this.counter(
      'tradestate_event_bus_handler_errors_by_type_total',
      'Handler failures, per event type',
      ['type'],
      () => Object.entries(bus().errors_by_type).map(([type, count]) => [{ type }, count] as const),
    );
    const busGauges = {
      queue_depth: ['Events waiting in the queue (async mode)', () => bus().queue_depth],
      queue_high_water: ['Highest queue depth seen', () => bus().queue_high_water],
      subscriptions: ['Active subscriptions', () => bus().subscriptions],
      event_types_subscribed: [
        'Event types with at least one subscriber',
        () => bus().event_types_subscribed,
      ],
    } as const;
    for (const [name, [help, read]] of Object.entries(busGauges)) {
      this.gauge(`tradestate_event_bus_${name}`, help, [], () => [[{}, read()]]);
    }
    this.gauge('tradestate_event_bus_mode', 'Delivery mode of the bus (1 = current)', ['mode'], () =>
      stateSet(busModes, bus().mode, (mode) => ({ mode })),
    );
  }

  /** Registers `tradestate_<scope>_<key>` the first time a numeric key shows up (unless the name is taken). */
  private ensureGauge(scope: 'service' | 'orchestrator', key: string, help?: string): void {
    const known = scope === 'service' ? this.serviceGauges : this.orchestratorGauges;
    if (known.has(key) || this.skipped.has(`${scope}:${key}`)) return;
    const name = `tradestate_${scope}_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
    if (this.registry.getSingleMetric(name)) {
      this.skipped.add(`${scope}:${key}`);
      this.options.logger?.warn(
        { metric: key, name },
        `Metric ${scope}.${key} would collide with ${name}; not exported`,
      );
      return;
    }
    known.set(key, name);
    if (scope === 'service') {
      this.gauge(name, `Service metric "${key}" (services.<service>.${key} in /status)`, ['service'], () =>
        Object.entries(this.snapshot().metrics.services).map(
          ([service, values]) => [{ service }, values[key]] as const,
        ),
      );
    } else {
      this.gauge(name, help ?? `Orchestrator metric "${key}" (orchestrator.${key} in /status)`, [], () => [
        [{}, this.snapshot().metrics.orchestrator[key]],
      ]);
    }
  }

  private gauge(
    name: string,
    help: string,
    labelNames: string[],
    read: () => ReadonlyArray<readonly [Labels, unknown]>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of numeric(read())) this.set(labels, value);
      },
    });
  }

  private counter(
    name: string,
    help: string,
    labelNames: string[],
    read: () => ReadonlyArray<readonly [Labels, unknown]>,
  ): void {
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        // A counter cannot be set: start from zero and add the current total.
        this.reset();
        for (const [labels, value] of numeric(read()))
          if (Number.isFinite(value) && value >= 0) this.inc(labels, value);
      },
    });
  }
}

/** The samples whose value is a number (a key a service stopped reporting, or a string, is left out). */
function numeric(samples: ReadonlyArray<readonly [Labels, unknown]>): Sample[] {
  return samples.filter((sample): sample is Sample => typeof sample[1] === 'number');
}

/** A Prometheus "state set": one sample per known value, 1 for the current one (added if unknown). */
function stateSet(known: readonly string[], current: string, labels: (value: string) => Labels): Sample[] {
  const values = known.includes(current) ? known : [...known, current];
  return values.map((value) => [labels(value), value === current ? 1 : 0] as const);
}
