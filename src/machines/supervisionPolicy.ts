/**
 * Erlang/OTP restart strategies.
 *
 * @example
 * ```ts
 * const strategy: SupervisionStrategy = config.orchestrator.supervision.strategy; // 'one_for_one' by default
 * ```
 */
export type SupervisionStrategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
/**
 * permanent: always restarted; transient: only after a failure; temporary: never restarted.
 *
 * @example
 * ```ts
 * const service = defineService({ name: 'audit', displayName: 'AuditService', restart: 'transient' satisfies RestartType, initialize: () => ({}) });
 * ```
 */
export type RestartType = 'permanent' | 'transient' | 'temporary';

/**
 * The restart policy (`orchestrator.supervision` in the configuration, in milliseconds).
 *
 * @example
 * ```ts
 * const policy: SupervisionPolicy = system.orchestrator.actor.getSnapshot().context.policy;
 * console.log(policy.strategy, policy.maxRestarts, policy.windowMs);
 * ```
 */
export interface SupervisionPolicy {
  strategy: SupervisionStrategy;
  /** Restarts allowed within `windowMs`; one more escalates. */
  maxRestarts: number;
  windowMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  onIntensityExceeded: 'degrade' | 'stop';
}

/** What the supervisor knows when a service exits. */
export interface ExitSituation {
  /** The service that exited. */
  service: string;
  /** `failed`: it crashed or timed out; `stopped`: it shut down cleanly without being asked by the supervisor. */
  kind: 'failed' | 'stopped';
  /** Every service, in start order. */
  order: readonly string[];
  restartTypes: Readonly<Record<string, RestartType>>;
  /** Services currently alive (spawned and not finished). */
  live: readonly string[];
  /** Times (ms) of the restarts already made, oldest first. */
  history: readonly number[];
  now: number;
}

/** What the supervisor does about an exit. */
export type SupervisionDecision =
  | { action: 'none'; reason: string }
  | { action: 'escalate'; reason: string; history: number[] }
  | {
      action: 'restart';
      /** Live services to stop first, in stop order (reverse start order). */
      stop: string[];
      /** Services to start fresh, in start order. */
      start: string[];
      delayMs: number;
      /** The restart history including this restart. */
      history: number[];
    };

/** Drops restarts older than the window. */
export function pruneHistory(history: readonly number[], now: number, windowMs: number): number[] {
  return history.filter((at) => now - at < windowMs);
}

/** Exponential backoff: `initial * 2^n`, capped at `max`, where `n` is the number of recent restarts. */
export function backoffDelay(recentRestarts: number, initialMs: number, maxMs: number): number {
  const delay = initialMs * 2 ** Math.min(recentRestarts, 30);
  return Math.min(delay, maxMs);
}

/** Whether a service of this restart type is restarted after this kind of exit. */
export function shouldRestart(type: RestartType, kind: ExitSituation['kind']): boolean {
  if (type === 'permanent') return true;
  if (type === 'transient') return kind === 'failed';
  return false;
}

/** The services a strategy takes down with the one that exited, in start order. */
export function affectedServices(
  strategy: SupervisionStrategy,
  service: string,
  order: readonly string[],
): string[] {
  if (strategy === 'one_for_one') return [service];
  if (strategy === 'one_for_all') return [...order];
  const index = order.indexOf(service);
  return index < 0 ? [service] : order.slice(index);
}

/**
 * Decides, without side effects, what a supervisor does when a service exits: nothing (restart type
 * says so), restart (which services to stop and start, after which delay) or escalate (restart intensity
 * exceeded: more than `maxRestarts` restarts within `windowMs`).
 *
 * @example
 * ```ts
 * const decision = decideRestart(policy, {
 *   service: 'indicator_calculation', kind: 'failed', order, restartTypes, live, history: [], now: clock.now(),
 * });
 * if (decision.action === 'restart') console.log(decision.start, decision.delayMs); // ['indicator_calculation'] 100
 * ```
 */
export function decideRestart(policy: SupervisionPolicy, situation: ExitSituation): SupervisionDecision {
  const type = situation.restartTypes[situation.service] ?? 'permanent';
  if (!shouldRestart(type, situation.kind)) {
    return {
      action: 'none',
      reason: `${type} service ${situation.kind === 'failed' ? 'failed' : 'stopped'}`,
    };
  }
  const recent = pruneHistory(situation.history, situation.now, policy.windowMs);
  if (recent.length >= policy.maxRestarts) {
    return {
      action: 'escalate',
      reason: `restart intensity exceeded: ${recent.length} restarts within ${policy.windowMs / 1000} s (max ${policy.maxRestarts})`,
      history: recent,
    };
  }
  const affected = affectedServices(policy.strategy, situation.service, situation.order);
  const stop = affected
    .filter((name) => name !== situation.service && situation.live.includes(name))
    .reverse();
  const start = affected.filter(
    (name) => name === situation.service || (situation.restartTypes[name] ?? 'permanent') !== 'temporary',
  );
  return {
    action: 'restart',
    stop,
    start,
    delayMs: backoffDelay(recent.length, policy.backoffInitialMs, policy.backoffMaxMs),
    history: [...recent, situation.now],
  };
}
