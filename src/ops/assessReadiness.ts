import type { OperationsServiceHealth } from './operationsTarget.js';

/** Why one service is not ready. */
export interface ServiceNotReady {
  state: string;
  healthy: boolean;
  reason: string;
}

/** The verdict of `/readyz`: ready, or the services that are not and why. */
export interface Readiness {
  ready: boolean;
  /** Only the services that are not ready (empty when ready). */
  services: Record<string, ServiceNotReady>;
  /** Set when there is no service at all to be ready. */
  reason?: string;
}

/**
 * Ready means every service is RUNNING and its own health probe passes. A process with no service is not
 * ready: a load balancer or orchestrator should not route to a system that does nothing.
 *
 * @example
 * ```ts
 * assessReadiness({ data_fetching: { state: 'FAILED', healthy: false, reason: 'state FAILED' } });
 * // { ready: false, services: { data_fetching: { state: 'FAILED', healthy: false, reason: 'state FAILED' } } }
 * ```
 */
export function assessReadiness(health: Record<string, OperationsServiceHealth>): Readiness {
  const names = Object.keys(health);
  if (names.length === 0) return { ready: false, services: {}, reason: 'no services' };
  const services: Record<string, ServiceNotReady> = {};
  for (const name of names) {
    const entry = health[name];
    if (!entry || (entry.state === 'RUNNING' && entry.healthy)) continue;
    services[name] = {
      state: entry.state,
      healthy: entry.healthy,
      reason: entry.reason ?? (entry.state === 'RUNNING' ? 'health probe failed' : `state ${entry.state}`),
    };
  }
  return { ready: Object.keys(services).length === 0, services };
}
