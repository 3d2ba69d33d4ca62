import type { EventBusMetrics } from '../../../src/bus/busTypes.js';
import type {
  OperationsMetricsSnapshot,
  OperationsServiceHealth,
  OperationsTarget,
} from '../../../src/ops/operationsTarget.js';

export function busMetrics(overrides: Partial<EventBusMetrics> = {}): EventBusMetrics {
  return {
    events_published: 0,
    events_delivered: 0,
    handler_errors: 0,
    event_types_subscribed: 0,
    subscriptions: 0,
    published_by_type: {},
    errors_by_type: {},
    recent_errors: [],
    queue_depth: 0,
    queue_high_water: 0,
    events_dropped: 0,
    mode: 'sync',
    ...overrides,
  };
}

/** A target whose metrics and health the test edits in place; counts how often it was read. */
export class FakeTarget implements OperationsTarget {
  metrics: OperationsMetricsSnapshot = {
    orchestrator: {
      status: 'running',
      uptime_seconds: 12,
      services_count: 1,
      services_healthy: 1,
      restarts_total: 0,
      cycles: 3,
    },
    services: {
      data_fetching: {
        data_fetches: 3,
        events_received: 0,
        events_published: 6,
        errors: 0,
        restarts: 0,
        state: 'RUNNING',
      },
    },
    event_bus: busMetrics({
      events_published: 6,
      published_by_type: { NewCandleEvent: 3, DataFetchedEvent: 3 },
    }),
  };
  health: Record<string, OperationsServiceHealth> = { data_fetching: { healthy: true, state: 'RUNNING' } };
  reads = 0;
  failWith: Error | undefined;

  getAllMetrics(): OperationsMetricsSnapshot {
    this.reads += 1;
    if (this.failWith) throw this.failWith;
    return structuredClone(this.metrics);
  }

  getServiceHealth(): Record<string, OperationsServiceHealth> {
    if (this.failWith) throw this.failWith;
    return structuredClone(this.health);
  }
}
