/**
 * The pure steps the orchestrator machine's actions and guards take over its context and events: the exit
 * a child's end reports, the supervision decision for it, and the next service to spawn.
 */
import type { LifecycleInput } from './lifecycleMachine.js';
import { errorMessage } from './lifecycleMachine.js';
import type { ExitEvent, OrchestratorContext, OrchestratorEvent, ServiceExit } from './orchestratorTypes.js';
import { decideRestart, type RestartMark, type SupervisionDecision } from './supervisionPolicy.js';

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

/** The service an event is about (named in commands, the actor id in a child's end), if any. */
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

/** `names`, in the order of `order` (names not in it are left out). */
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
