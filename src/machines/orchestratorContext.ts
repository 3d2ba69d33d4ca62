import type { LifecycleInput, LifecycleOutput } from './lifecycleMachine.js';
import { errorMessage } from './lifecycleMachine.js';
import {
  decideRestart,
  type RestartMark,
  type RestartType,
  type SupervisionDecision,
  type SupervisionPolicy,
} from './supervisionPolicy.js';

/**
 * What the orchestrator machine is created with.
 *
 * @example
 * ```ts
 * const input: OrchestratorInput = system.orchestrator.actor.getSnapshot().context; // order, restart types, policy
 * ```
 */
export interface OrchestratorInput {
  /** Services in start order (consumers first, producers last). */
  order: string[];
  restartTypes: Record<string, RestartType>;
  policy: SupervisionPolicy;
  healthCheckIntervalMs: number;
  initTimeoutMs: number;
  shutdownTimeoutMs: number;
}

/**
 * Where a spawned service stands, as the supervisor sees it.
 *
 * @example
 * ```ts
 * const phases: Record<string, ChildPhase> = system.orchestrator.actor.getSnapshot().context.live;
 * ```
 */
export type ChildPhase = 'starting' | 'running' | 'stopping';

/**
 * The last exit the supervisor handled.
 *
 * @example
 * ```ts
 * const exit: ServiceExit | undefined = system.orchestrator.actor.getSnapshot().context.lastExit;
 * if (exit?.kind === 'failed') console.error(exit.service, exit.error);
 * ```
 */
export interface ServiceExit extends RestartMark {
  service: string;
  kind: 'failed' | 'stopped';
  error?: string;
}

/**
 * Why supervision gave up: the service, the reason and when (control time and bars).
 *
 * @example
 * ```ts
 * const escalation: Escalation | undefined = system.orchestrator.actor.getSnapshot().context.escalation;
 * if (escalation) console.error(`${escalation.service}: ${escalation.reason}`);
 * ```
 */
export interface Escalation extends RestartMark {
  service: string;
  reason: string;
  /** The service's last error. */
  error: string | undefined;
}

/**
 * What the supervisor remembers: live children, start/stop queues, restart history and the last exit.
 *
 * @example
 * ```ts
 * system.actor.subscribe((snapshot) => {
 *   const context: OrchestratorContext = snapshot.context;
 *   console.log(snapshot.value, Object.keys(context.live));
 * });
 * ```
 */
export interface OrchestratorContext extends OrchestratorInput {
  /** Spawned services that have not finished. */
  live: Record<string, ChildPhase>;
  /** Services still to start (start phases) or to stop (stop phases). */
  queue: string[];
  /** Services to start once the stop phase of a restart is done. */
  restartPlan: string[];
  restartDelayMs: number;
  /** The restarts made that still count towards the restart intensity. */
  history: RestartMark[];
  restartCounts: Record<string, number>;
  /** Failures per service (init, handler, timeout...), cumulative. */
  failureCounts: Record<string, number>;
  lastExit: ServiceExit | undefined;
  /** How each service that is not alive ended last (its state and error once its actor is gone). */
  ended: Record<string, ServiceExit>;
  /** What the policy decided about the last exit: computed once, read by the guards and the inspector. */
  decision: SupervisionDecision | undefined;
  /** Set when supervision gave up (restart intensity exceeded). */
  escalation: Escalation | undefined;
  /** A service failed to start, so the orchestrator stopped the others. */
  startFailed: boolean;
  /** Why the orchestrator escalated or failed to start. */
  error: string | undefined;
}

export type OrchestratorEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'RESTART_SERVICE'; service: string }
  | { type: 'SERVICE_RUNNING'; service: string }
  | { type: `xstate.done.actor.${string}`; output?: LifecycleOutput; actorId?: string }
  | { type: `xstate.error.actor.${string}`; error?: unknown; actorId?: string };

export type ExitEvent = Extract<OrchestratorEvent, { actorId?: string }>;

/** The exit a `xstate.done/error.actor.<name>` event reports, stamped with `mark`. */
export function exitOf(event: ExitEvent, mark: RestartMark): ServiceExit {
  const service = event.actorId ?? 'unknown';
  if ('output' in event && event.output?.status === 'STOPPED') return { service, kind: 'stopped', ...mark };
  const error =
    'output' in event
      ? (event.output?.error ?? 'failed')
      : errorMessage((event as { error?: unknown }).error);
  return { service, kind: 'failed', error, ...mark };
}

export function serviceOf(event: OrchestratorEvent): string | undefined {
  if ('service' in event) return event.service;
  if ('actorId' in event) return event.actorId;
  return undefined;
}

/** The decision for the last exit, from the pure supervision policy (the `decide` action stores it). */
export function decisionFor(context: OrchestratorContext): SupervisionDecision {
  const exit = context.lastExit;
  if (!exit) return { action: 'none', reason: 'no exit' };
  return decideRestart(context.policy, {
    service: exit.service,
    kind: exit.kind,
    order: context.order,
    restartTypes: context.restartTypes,
    live: Object.keys(context.live),
    history: context.history,
    now: exit.at,
    bar: exit.bar,
  });
}

export function inOrder(order: readonly string[], names: Iterable<string>): string[] {
  const wanted = new Set(names);
  return order.filter((name) => wanted.has(name));
}

/** The next service to spawn (the head of the queue, unless it is alive) and its lifecycle input. */
export function nextSpawn(context: OrchestratorContext): { name: string; input: LifecycleInput } | undefined {
  const name = context.queue[0];
  if (name === undefined || context.live[name]) return undefined;
  return {
    name,
    input: {
      service: name,
      initTimeoutMs: context.initTimeoutMs,
      shutdownTimeoutMs: context.shutdownTimeoutMs,
    },
  };
}
