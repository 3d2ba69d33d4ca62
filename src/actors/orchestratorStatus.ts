/**
 * The orchestrator's overall state, as `getStatus()` and `/status` report it.
 *
 * @example
 * ```ts
 * if (system.orchestrator.getStatus() === 'degraded') console.warn('a service is restarting');
 * ```
 */
export type OrchestratorStatus =
  | 'idle'
  | 'starting'
  | 'running'
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'failed';

/**
 * The status a root snapshot stands for; `failed` also when the root actor threw (`fatalError`), which the
 * snapshot alone does not always show.
 *
 * @example
 * ```ts
 * const status = orchestratorStatus(orchestrator.actor.getSnapshot(), undefined);
 * ```
 */
export function orchestratorStatus(
  snapshot: {
    status: string;
    matches(state: 'IDLE' | 'STARTING' | 'RUNNING' | 'STOPPING'): boolean;
    hasTag(tag: 'degraded'): boolean;
    context: { startFailed?: boolean };
  },
  fatalError: unknown,
): OrchestratorStatus {
  if (fatalError !== undefined || snapshot.status === 'error') return 'failed';
  if (snapshot.matches('IDLE')) return 'idle';
  if (snapshot.matches('STARTING')) return 'starting';
  if (snapshot.hasTag('degraded')) return 'degraded';
  if (snapshot.matches('RUNNING')) return 'running';
  if (snapshot.matches('STOPPING')) return 'stopping';
  return snapshot.context.startFailed ? 'failed' : 'stopped';
}
