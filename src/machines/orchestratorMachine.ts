import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { lifecycleMachine } from './lifecycleMachine.js';
import { onServiceExit, onServiceExitDecide } from './onServiceExit.js';
import { decisionFor, inOrder, nextSpawn, serviceOf } from './orchestratorSteps.js';
import type {
  ExitEvent,
  OrchestratorContext,
  OrchestratorEvent,
  OrchestratorInput,
} from './orchestratorTypes.js';
import { recordedExit } from './recordedExit.js';

/**
 * The supervisor (the specification's TradingOrchestrator, in Erlang/OTP terms). Starts services one by one in
 * start order (each must reach RUNNING before the next is spawned), supervises them (restart strategy,
 * restart intensity, exponential backoff, escalation), checks their health every interval, and stops
 * them in reverse order with a bus drain after each. Pure: `service`, `drainBus` and the reporting
 * actions are bound in `src/actors/tradingOrchestrator.ts`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 *
 * declare const input: OrchestratorInput; // service names, start order, restart types, policy
 * declare const boundLifecycle: typeof lifecycleMachine; // lifecycleMachine.provide({ actors: ... })
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const actor = createActor(orchestratorMachine.provide({ actors: { service: boundLifecycle } }), {
 *   input, clock, systemId: 'orchestrator',
 * }).start();
 * actor.send({ type: 'START' });
 * ```
 */
export const orchestratorMachine = setup({
  types: {
    context: {} as OrchestratorContext,
    input: {} as OrchestratorInput,
    events: {} as OrchestratorEvent,
  },
  actors: {
    service: lifecycleMachine,
    drainBus: fromPromise<void>(async () => {}),
  },
  actions: {
    /** Publishes ServiceFailedEvent / logs an exit (bound in src/actors). */
    reportExit: () => {},
    /** Publishes ServiceRestartedEvent and logs the restart (bound in src/actors). */
    reportRestart: (_, _params: unknown) => {},
    /** Blocks trading and logs at error level (bound in src/actors). */
    escalate: () => {},
    /** Lifts the escalation after a manual restart (bound in src/actors). */
    recover: () => {},
    /** Asks every RUNNING service for its health (bound in src/actors). */
    checkHealth: () => {},
    logIgnoredEvent: () => {},
    logNoRestart: () => {},
    loadStartQueue: assign({ queue: ({ context }) => [...context.order], error: undefined }),
    loadStopQueue: assign({
      queue: ({ context }) => inOrder(context.order, Object.keys(context.live)).reverse(),
    }),
    loadRestartStartQueue: assign({
      queue: ({ context }) => context.restartPlan.filter((name) => context.live[name] === undefined),
    }),
    /** Spawns the next service to start (a fresh lifecycle actor) with a stable id and systemId. */
    startNextService: enqueueActions(({ context, enqueue }) => {
      const next = nextSpawn(context);
      if (!next) return;
      enqueue.spawnChild('service', { id: next.name, systemId: next.name, input: next.input });
      enqueue.assign({ live: { ...context.live, [next.name]: 'starting' as const } });
    }),
    /** Same, for a restart: the restart is counted and reported. */
    restartNextService: enqueueActions(({ context, enqueue }) => {
      const next = nextSpawn(context);
      if (!next) return;
      const count = (context.restartCounts[next.name] ?? 0) + 1;
      enqueue.spawnChild('service', { id: next.name, systemId: next.name, input: next.input });
      enqueue.assign({
        live: { ...context.live, [next.name]: 'starting' as const },
        restartCounts: { ...context.restartCounts, [next.name]: count },
      });
      enqueue({ type: 'reportRestart', params: { service: next.name, count } });
    }),
    stopNextService: enqueueActions(({ context, enqueue }) => {
      const name = context.queue[0];
      if (name === undefined || context.live[name] === undefined || context.live[name] === 'stopping') return;
      enqueue.sendTo(name, { type: 'STOP' });
      enqueue.assign({ live: { ...context.live, [name]: 'stopping' } });
    }),
    markRunning: assign(({ context, event }) => {
      const name = serviceOf(event);
      if (name === undefined || context.live[name] !== 'starting') return {};
      return {
        live: { ...context.live, [name]: 'running' as const },
        queue: context.queue[0] === name ? context.queue.slice(1) : context.queue,
      };
    }),
    /** Drops the dead child's reference (so restarts never pile up children) and forgets it. */
    removeChild: enqueueActions(({ context, event, enqueue }) => {
      const name = serviceOf(event);
      if (name === undefined) return;
      enqueue.stopChild(name);
      const { [name]: _gone, ...live } = context.live;
      enqueue.assign({ live, queue: context.queue.filter((queued) => queued !== name) });
    }),
    /** Stamped with zeros here; bound to the control clock and the bar counter in src/actors. */
    recordExit: assign(({ context, event }) => recordedExit(context, event as ExitEvent, { at: 0, bar: 0 })),
    /** Applies the restart policy to the last exit, once; guards and actions read the stored decision. */
    decide: assign({ decision: ({ context }) => decisionFor(context) }),
    recordStartFailure: assign({
      startFailed: true,
      error: ({ context }) =>
        `service ${context.lastExit?.service ?? '?'} failed to start: ${context.lastExit?.error ?? 'stopped'}`,
    }),
    recordEscalation: assign(({ context }) => {
      const decision = context.decision;
      const reason = decision && 'reason' in decision ? decision.reason : 'restart intensity exceeded';
      const exit = context.lastExit;
      return {
        error: reason,
        escalation: {
          service: exit?.service ?? 'unknown',
          reason,
          error: exit?.error,
          at: exit?.at ?? 0,
          bar: exit?.bar ?? 0,
        },
        restartPlan: [],
        queue: [],
      };
    }),
    planRestart: assign(({ context }) => {
      const decision = context.decision;
      if (decision?.action !== 'restart') return {};
      const alive = Object.keys(context.live);
      return {
        queue: inOrder(
          context.order,
          [...decision.stop, ...context.queue].filter((n) => alive.includes(n)),
        ).reverse(),
        restartPlan: inOrder(context.order, [...context.restartPlan, ...decision.start]),
        restartDelayMs: decision.delayMs,
        history: decision.history,
      };
    }),
    planManualRestart: assign(({ context, event }) => {
      const name = serviceOf(event) ?? '';
      return {
        queue: context.live[name] ? [name] : [],
        restartPlan: [name],
        restartDelayMs: 0,
      };
    }),
    clearRestartPlan: assign({ restartPlan: [], queue: [] }),
    clearStopQueue: assign({ queue: [] }),
    clearHistory: assign({ history: [], escalation: undefined }),
  },
  guards: {
    isServiceExit: ({ context, event }) => {
      const name = serviceOf(event);
      return name !== undefined && context.order.includes(name) && !('service' in event);
    },
    isStopRequested: ({ context, event }) => {
      const name = serviceOf(event);
      return name !== undefined && context.live[name] === 'stopping';
    },
    isKnownService: ({ context, event }) => context.order.includes(serviceOf(event) ?? ''),
    queueEmpty: ({ context }) => context.queue.length === 0,
    noBackoff: ({ context }) => context.restartDelayMs <= 0,
    hasRestartPlan: ({ context }) => context.restartPlan.length > 0,
    intensityExceededAndStop: ({ context }) =>
      context.decision?.action === 'escalate' && context.policy.onIntensityExceeded === 'stop',
    intensityExceeded: ({ context }) => context.decision?.action === 'escalate',
    needsRestart: ({ context }) => context.decision?.action === 'restart',
  },
  delays: {
    healthCheckInterval: ({ context }) => context.healthCheckIntervalMs,
    restartDelay: ({ context }) => context.restartDelayMs,
  },
}).createMachine({
  id: 'orchestrator',
  description: 'Supervisor of the trading services: ordered start, health checks, restarts, reverse stop',
  context: ({ input }) => ({
    ...input,
    live: {},
    queue: [],
    restartPlan: [],
    restartDelayMs: 0,
    history: [],
    restartCounts: {},
    failureCounts: {},
    lastExit: undefined,
    ended: {},
    decision: undefined,
    escalation: undefined,
    startFailed: false,
    error: undefined,
  }),
  initial: 'IDLE',
  on: { '*': { actions: 'logIgnoredEvent' } },
  states: {
    IDLE: {
      description: 'Created; nothing spawned yet',
      on: {
        START: { target: 'STARTING', actions: 'loadStartQueue' },
        STOP: { target: 'STOPPED' },
      },
    },
    STARTING: {
      description: 'Spawning services one at a time in start order; each must be RUNNING before the next',
      entry: 'startNextService',
      always: { guard: 'queueEmpty', target: 'RUNNING' },
      on: {
        SERVICE_RUNNING: { target: 'STARTING', reenter: true, actions: 'markRunning' },
        'xstate.done.actor.*': onServiceExit('STOPPING', ['recordStartFailure']),
        'xstate.error.actor.*': onServiceExit('STOPPING', ['recordStartFailure']),
        STOP: { target: 'STOPPING' },
      },
    },
    RUNNING: {
      description: 'Every service started; supervising them and checking their health',
      type: 'parallel',
      on: { STOP: { target: 'STOPPING' } },
      states: {
        supervision: {
          description: 'Reacts to service exits under the restart policy',
          initial: 'SUPERVISING',
          states: {
            SUPERVISING: {
              description: 'All wanted services up; waiting for an exit or a manual restart',
              on: {
                'xstate.done.actor.*': onServiceExitDecide(),
                'xstate.error.actor.*': onServiceExitDecide(),
                RESTART_SERVICE: {
                  guard: 'isKnownService',
                  target: 'RESTARTING',
                  actions: 'planManualRestart',
                },
              },
            },
            DECIDING: {
              description: 'Applies the restart policy to the last exit: restart, ignore, or escalate',
              tags: ['recovering'],
              always: [
                {
                  guard: 'intensityExceededAndStop',
                  target: '#orchestrator.STOPPING',
                  actions: ['recordEscalation', 'escalate'],
                },
                { guard: 'intensityExceeded', target: 'DEGRADED', actions: ['recordEscalation', 'escalate'] },
                { guard: 'needsRestart', target: 'BACKOFF', actions: 'planRestart' },
                {
                  guard: 'hasRestartPlan',
                  target: 'RESTARTING',
                  actions: ['logNoRestart', 'clearStopQueue'],
                },
                { target: 'SUPERVISING', actions: 'logNoRestart' },
              ],
            },
            BACKOFF: {
              description: 'Waiting the backoff delay before restarting',
              tags: ['recovering'],
              always: { guard: 'noBackoff', target: 'RESTARTING' },
              after: { restartDelay: { target: 'RESTARTING' } },
              on: {
                'xstate.done.actor.*': onServiceExitDecide(),
                'xstate.error.actor.*': onServiceExitDecide(),
              },
            },
            RESTARTING: {
              description: 'Stopping the affected live services (reverse order), then starting fresh ones',
              tags: ['recovering'],
              initial: 'STOPPING_AFFECTED',
              on: {
                'xstate.done.actor.*': onServiceExitDecide(),
                'xstate.error.actor.*': onServiceExitDecide(),
              },
              states: {
                STOPPING_AFFECTED: {
                  description: 'Stopping the next affected service and waiting for it to finish',
                  entry: 'stopNextService',
                  always: { guard: 'queueEmpty', target: 'STARTING_FRESH', actions: 'loadRestartStartQueue' },
                  on: {
                    'xstate.done.actor.*': {
                      guard: 'isStopRequested',
                      target: 'STOPPING_AFFECTED',
                      reenter: true,
                      actions: 'removeChild',
                    },
                  },
                },
                STARTING_FRESH: {
                  description: 'Spawning fresh services (fresh state from initialize) in start order',
                  entry: 'restartNextService',
                  always: {
                    guard: 'queueEmpty',
                    target: '#orchestrator.RUNNING.supervision.SUPERVISING',
                    actions: 'clearRestartPlan',
                  },
                  on: {
                    SERVICE_RUNNING: { target: 'STARTING_FRESH', reenter: true, actions: 'markRunning' },
                  },
                },
              },
            },
            DEGRADED: {
              description: 'Restart intensity exceeded: trading blocked, no automatic restarts',
              tags: ['degraded'],
              on: {
                'xstate.done.actor.*': {
                  guard: 'isServiceExit',
                  actions: ['removeChild', 'recordExit', 'reportExit'],
                },
                'xstate.error.actor.*': {
                  guard: 'isServiceExit',
                  actions: ['removeChild', 'recordExit', 'reportExit'],
                },
                RESTART_SERVICE: {
                  guard: 'isKnownService',
                  target: 'RESTARTING',
                  actions: ['clearHistory', 'recover', 'planManualRestart'],
                },
              },
            },
          },
        },
        health: {
          description: 'Checks service health every health_check_interval seconds',
          initial: 'WAITING',
          states: {
            WAITING: {
              description: 'Until the next health check',
              after: { healthCheckInterval: { target: 'WAITING', reenter: true, actions: 'checkHealth' } },
            },
          },
        },
      },
    },
    STOPPING: {
      description:
        'Stopping live services in reverse start order (producers first), draining the bus after each',
      entry: 'loadStopQueue',
      initial: 'STOPPING_NEXT',
      on: {
        SERVICE_RUNNING: { actions: 'markRunning' },
      },
      states: {
        STOPPING_NEXT: {
          description: 'Asked the next service to stop; waiting for it to finish',
          entry: 'stopNextService',
          always: { guard: 'queueEmpty', target: '#orchestrator.STOPPED' },
          on: {
            'xstate.done.actor.*': {
              guard: 'isServiceExit',
              target: 'DRAINING',
              actions: ['removeChild', 'recordExit'],
            },
            'xstate.error.actor.*': {
              guard: 'isServiceExit',
              target: 'DRAINING',
              actions: ['removeChild', 'recordExit'],
            },
          },
        },
        DRAINING: {
          description: 'Delivering what the stopped service published before stopping the next',
          invoke: {
            id: 'drainBus',
            src: 'drainBus',
            onDone: { target: 'STOPPING_NEXT' },
            onError: { target: 'STOPPING_NEXT', actions: 'logIgnoredEvent' },
          },
          on: {
            'xstate.done.actor.*': { guard: 'isServiceExit', actions: ['removeChild', 'recordExit'] },
            'xstate.error.actor.*': { guard: 'isServiceExit', actions: ['removeChild', 'recordExit'] },
          },
        },
      },
    },
    STOPPED: {
      description: 'Every service stopped (final)',
      type: 'final',
    },
  },
});

export { decisionFor } from './orchestratorSteps.js';
export type {
  ChildPhase,
  Escalation,
  OrchestratorContext,
  OrchestratorEvent,
  OrchestratorInput,
  ServiceExit,
} from './orchestratorTypes.js';
export { recordedExit } from './recordedExit.js';
