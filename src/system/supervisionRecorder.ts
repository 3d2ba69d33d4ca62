import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { EventHandler } from '../bus/busTypes.js';
import type { Clock } from '../util/clock.js';

/**
 * One failure of a service and, when it came back, when (market time, ISO-8601).
 *
 * @example
 * ```ts
 * const summary = await system.run();
 * const [first]: SupervisionIncident[] = summary.supervision.incidents;
 * console.log(first?.service, first?.error, first?.failed_at, first?.recovered_at);
 * ```
 */
export interface SupervisionIncident {
  service: string;
  error: string;
  failed_at: string;
  /** Null while the service is down (not restarted, or the run ended first). */
  recovered_at: string | null;
}

/**
 * What supervision did during a run, for the summary and `report.json` (`supervision`). `status`:
 * `ok` (no failure), `recovered` (services failed and were restarted), `degraded` (restart intensity
 * exceeded, trading blocked, or a service left down), `stopped` (intensity exceeded with
 * `on_intensity_exceeded: stop`). `exit_code` is what the CLI exits with: 0, 4 (recovered) or 3.
 *
 * @example
 * ```ts
 * const { supervision } = await system.run();
 * if (supervision.status !== 'ok') console.error(supervision.escalation?.reason, supervision.affected_period);
 * ```
 */
export interface SupervisionSummary {
  status: 'ok' | 'recovered' | 'degraded' | 'stopped';
  exit_code: 0 | 3 | 4;
  failures: number;
  restarts: number;
  /** Services that failed at least once: failures, restarts, state at the end and last error. */
  services: Record<string, { failures: number; restarts: number; state: string; last_error: string | null }>;
  /** Why supervision gave up, when it did. */
  escalation: { service: string; reason: string; last_error: string | null; at: string | null } | null;
  /** From the first failure to the last recovery (or the end of the run while a service was down). */
  affected_period: { from: string; to: string } | null;
  /** The first incidents, in order (at most {@link incidentLimit}). */
  incidents: SupervisionIncident[];
  incidents_omitted: number;
}

/**
 * Where a {@link SupervisionRecorder} hears of supervision: the bus in one process; across processes, only
 * the events this process publishes (`CrossProcessTransport.ownEvents`).
 *
 * @example
 * ```ts
 * const events: SupervisionEvents = system.bus;
 * ```
 */
export interface SupervisionEvents {
  subscribe<T extends 'ServiceFailedEvent' | 'ServiceStateChangedEvent'>(
    type: T,
    handler: EventHandler<T>,
  ): unknown;
}

/** Incidents listed in full; the rest are counted. */
export const incidentLimit = 20;

interface OpenIncident {
  service: string;
  error: string;
  failedAt: number;
  recoveredAt: number | undefined;
}

/**
 * Follows supervision on the bus (`ServiceFailedEvent`, the `INITIALIZING -> RUNNING` of a restarted
 * service) in market time, and sums it up with the orchestrator's own record (restarts, escalation,
 * states) in a {@link SupervisionSummary}.
 *
 * @example
 * ```ts
 * const recorder = new SupervisionRecorder(bus, clock);
 * await system.run();
 * console.log(recorder.summary(system.orchestrator).status);
 * ```
 */
export class SupervisionRecorder {
  private readonly incidents: OpenIncident[] = [];
  private readonly open = new Map<string, OpenIncident>();
  private readonly lastErrors = new Map<string, string>();
  private failures = 0;
  private firstFailure: number | undefined;
  private lastRecovery: number | undefined;

  constructor(
    bus: SupervisionEvents,
    private readonly clock: Clock,
  ) {
    bus.subscribe('ServiceFailedEvent', (event) => {
      this.failures++;
      this.firstFailure ??= event.timestamp;
      this.lastErrors.set(event.service, event.error);
      const incident = {
        service: event.service,
        error: event.error,
        failedAt: event.timestamp,
        recoveredAt: undefined,
      };
      this.open.set(event.service, incident);
      if (this.incidents.length < incidentLimit) this.incidents.push(incident);
    });
    bus.subscribe('ServiceStateChangedEvent', (event) => {
      if (event.to !== 'RUNNING') return;
      const incident = this.open.get(event.service);
      if (incident === undefined) return;
      incident.recoveredAt = event.timestamp;
      this.lastRecovery = event.timestamp;
      this.open.delete(event.service);
    });
  }

  summary(orchestrator: TradingOrchestrator): SupervisionSummary {
    const context = orchestrator.actor.getSnapshot().context;
    const status = orchestrator.getStatus();
    const services: SupervisionSummary['services'] = {};
    for (const [name, failures] of Object.entries(context.failureCounts)) {
      const lifecycle = orchestrator.lifecycleOf(name);
      services[name] = {
        failures,
        restarts: context.restartCounts[name] ?? 0,
        state: lifecycle.state,
        last_error: this.lastErrors.get(name) ?? lifecycle.error ?? null,
      };
    }
    const escalation = context.escalation;
    const leftDown = [...this.open.keys()].some((name) => orchestrator.lifecycleOf(name).state !== 'RUNNING');
    const verdict: SupervisionSummary['status'] =
      escalation !== undefined
        ? context.policy.onIntensityExceeded === 'stop'
          ? 'stopped'
          : 'degraded'
        : status === 'degraded' || leftDown
          ? 'degraded'
          : this.failures > 0
            ? 'recovered'
            : 'ok';
    const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
    const end = this.open.size > 0 ? this.clock.now() : this.lastRecovery;
    const restarts = Object.values(context.restartCounts).reduce((sum, count) => sum + count, 0);
    return {
      status: verdict,
      exit_code: verdict === 'ok' ? 0 : verdict === 'recovered' ? 4 : 3,
      failures: this.failures,
      restarts,
      services,
      escalation: escalation
        ? {
            service: escalation.service,
            reason: escalation.reason,
            last_error: escalation.error ?? null,
            at: iso(this.open.get(escalation.service)?.failedAt),
          }
        : null,
      affected_period:
        this.firstFailure === undefined
          ? null
          : { from: iso(this.firstFailure)!, to: iso(end ?? this.firstFailure)! },
      incidents: this.incidents.map((incident) => ({
        service: incident.service,
        error: incident.error,
        failed_at: iso(incident.failedAt)!,
        recovered_at: iso(incident.recoveredAt),
      })),
      incidents_omitted: Math.max(0, this.failures - this.incidents.length),
    };
  }
}
