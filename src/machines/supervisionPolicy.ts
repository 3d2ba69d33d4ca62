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
  /** Restarts allowed within `windowMs` of control time, and within `windowBars` bars; one more escalates. */
  maxRestarts: number;
  /** Window of control (monotonic wall) time; 0 leaves it out (replays: see the README's "Supervision"). */
  windowMs: number;
  /** Window in base bars processed (market progress); 0 or absent leaves it out. */
  windowBars?: number;
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
  /** The restarts already made, oldest first. */
  history: readonly RestartMark[];
  /** Control time (ms) of the exit. */
  now: number;
  /** Base bars processed when the service exited (0 when the process counts none). */
  bar?: number;
}

/**
 * When a restart was made, on both measures of the restart intensity: control time and market progress.
 *
 * @example
 * ```ts
 * const marks: RestartMark[] = system.orchestrator.actor.getSnapshot().context.history;
 * console.log(marks.map((mark) => `bar ${mark.bar} at ${mark.at.toFixed(0)} ms`));
 * ```
 */
export interface RestartMark {
  /** Control time (monotonic milliseconds). */
  at: number;
  /** Base bars processed by then. */
  bar: number;
}

/**
 * What the supervisor does about an exit; the orchestrator keeps the last one in its context (`decision`).
 *
 * @example
 * ```ts
 * const decision: SupervisionDecision | undefined = system.actor.getSnapshot().context.decision;
 * if (decision?.action === 'restart') console.log(decision.start, decision.delayMs);
 * ```
 */
export type SupervisionDecision =
  | { action: 'none'; reason: string }
  | { action: 'escalate'; reason: string; history: RestartMark[] }
  | {
      action: 'restart';
      /** Live services to stop first, in stop order (reverse start order). */
      stop: string[];
      /** Services to start fresh, in start order. */
      start: string[];
      delayMs: number;
      /** The restart history including this restart. */
      history: RestartMark[];
    };

/** The restarts within the control-time window. */
function withinTime(history: readonly RestartMark[], now: number, windowMs: number): number {
  if (windowMs <= 0) return 0;
  return history.filter((mark) => now - mark.at < windowMs).length;
}

/** The restarts within the bar window. */
function withinBars(history: readonly RestartMark[], bar: number, windowBars: number | undefined): number {
  if (windowBars === undefined || windowBars <= 0) return 0;
  return history.filter((mark) => bar - mark.bar < windowBars).length;
}

/** Drops restarts that are outside both windows (they no longer count towards the intensity). */
export function pruneHistory(
  history: readonly RestartMark[],
  now: number,
  bar: number,
  policy: Pick<SupervisionPolicy, 'windowMs' | 'windowBars'>,
): RestartMark[] {
  const bars = policy.windowBars ?? 0;
  return history.filter(
    (mark) => (policy.windowMs > 0 && now - mark.at < policy.windowMs) || (bars > 0 && bar - mark.bar < bars),
  );
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
 * exceeded: `maxRestarts` restarts already made within `windowMs` of control time, or within `windowBars`
 * bars of market progress).
 *
 * @example
 * ```ts
 * const decision = decideRestart(policy, {
 *   service: 'indicator_calculation', kind: 'failed', order, restartTypes, live, history: [], now: performance.now(), bar: 1_500,
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
  const bar = situation.bar ?? 0;
  const recent = pruneHistory(situation.history, situation.now, bar, policy);
  const inTime = withinTime(recent, situation.now, policy.windowMs);
  const inBars = withinBars(recent, bar, policy.windowBars);
  if (inTime >= policy.maxRestarts || inBars >= policy.maxRestarts) {
    const window =
      inBars >= inTime && policy.windowBars
        ? `${inBars} restarts within ${policy.windowBars} bars`
        : `${inTime} restarts within ${policy.windowMs / 1000} s`;
    return {
      action: 'escalate',
      reason: `restart intensity exceeded: ${window} (max ${policy.maxRestarts})`,
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
    delayMs: backoffDelay(Math.max(inTime, inBars), policy.backoffInitialMs, policy.backoffMaxMs),
    history: [...recent, { at: situation.now, bar }],
  };
}
