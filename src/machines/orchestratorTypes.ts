import type { LifecycleOutput } from './lifecycleMachine.js';
import type {
  RestartMark,
  RestartType,
  SupervisionDecision,
  SupervisionPolicy,
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

/** What the orchestrator machine receives: commands, a child's RUNNING, and a child's end. */
export type OrchestratorEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'RESTART_SERVICE'; service: string }
  | { type: 'SERVICE_RUNNING'; service: string }
  | { type: `xstate.done.actor.${string}`; output?: LifecycleOutput; actorId?: string }
  | { type: `xstate.error.actor.${string}`; error?: unknown; actorId?: string };

/** The event XState sends when a child lifecycle actor ends (done or error). */
export type ExitEvent = Extract<OrchestratorEvent, { actorId?: string }>;
