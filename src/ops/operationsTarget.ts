import type { EventBusMetrics } from '../bus/busTypes.js';

/** One service's health as `getServiceHealth()` reports it. */
export interface OperationsServiceHealth {
  healthy: boolean;
  reason?: string;
  /** Lifecycle state: `NOT_STARTED`, `INITIALIZING`, `RUNNING`, `STOPPING`, `STOPPED`, `FAILED`. */
  state: string;
}

/** The specification's `get_all_metrics()` shape, as far as the operations endpoint reads it. */
export interface OperationsMetricsSnapshot {
  orchestrator: { status: string } & Record<string, number | string>;
  services: Record<string, Record<string, number | string>>;
  event_bus: EventBusMetrics;
}

/**
 * What the operations endpoint observes: a `TradingSystem` or a `TradingOrchestrator` (both fit), or
 * anything else with the same two calls. It is read only at scrape time, never pushed to.
 *
 * @example
 * ```ts
 * const target: OperationsTarget = system; // a TradingSystem from createTradingSystem()
 * console.log(target.getAllMetrics().orchestrator.status);
 * ```
 */
export interface OperationsTarget {
  getAllMetrics(): OperationsMetricsSnapshot;
  getServiceHealth(): Record<string, OperationsServiceHealth>;
}
