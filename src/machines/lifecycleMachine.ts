import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { OrchestratorConfigSchema } from '../config/systemConfig.js';
import { NotProvidedError } from './notProvidedError.js';

/** The configuration's own defaults, for an actor started without time limits (tests, the model kit). */
const orchestratorDefaults = OrchestratorConfigSchema.parse({});

/**
 * The lifecycle states every service walks through (the specification's `ServiceStatus`, plus FAILED).
 *
 * @example
 * ```ts
 * const running = Object.values(system.getServiceHealth()).every((service) => (service.state as LifecycleState) === 'RUNNING');
 * ```
 */
export type LifecycleState = 'INITIALIZING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

/**
 * What a service actor is given when it is created.
 *
 * @example
 * ```ts
 * import { createActor, fromCallback, fromPromise } from 'xstate';
 *
 * const initialize = fromPromise<void, LifecycleWorkInput>(async () => {});
 * const shutdown = fromPromise<void, LifecycleWorkInput>(async () => {});
 * const worker = fromCallback<LifecycleEvent, LifecycleWorkInput>(() => () => {});
 * const actor = createActor(lifecycleMachine.provide({ actors: { initialize, worker, shutdown } }), { input: { service: 'demo', initTimeoutMs: 5_000 } });
 * ```
 */
export interface LifecycleInput {
  /** Service name, e.g. `data_fetching`. */
  service: string;
  /** Time allowed for `initialize`, in milliseconds (default: `orchestrator.init_timeout_seconds`). */
  initTimeoutMs?: number;
  /** Time allowed for `shutdown`, in milliseconds (default: `orchestrator.shutdown_timeout_seconds`). */
  shutdownTimeoutMs?: number;
}

/**
 * What a service's lifecycle actor remembers: its name, time limits and the error that failed it.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 *
 * const actor = createActor(lifecycleMachine, { input: { service: 'demo' } });
 * const context: LifecycleContext = actor.getSnapshot().context;
 * ```
 */
export interface LifecycleContext {
  service: string;
  initTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Why the service failed; kept so the supervisor (and the inspector) can see it. */
  error: string | undefined;
}

/**
 * The final output of a service actor: how it ended. The supervisor receives it as `xstate.done.actor.<name>`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 *
 * const actor = createActor(lifecycleMachine, { input: { service: 'demo' } }).start();
 * actor.subscribe({ complete: () => console.log((actor.getSnapshot().output as LifecycleOutput).status) });
 * ```
 */
export interface LifecycleOutput {
  service: string;
  status: 'STOPPED' | 'FAILED';
  error?: string;
}

/**
 * Events a lifecycle actor accepts from outside, and the one its worker sends back.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 *
 * const actor = createActor(lifecycleMachine, { input: { service: 'demo' } }).start();
 * actor.send({ type: 'STOP' } satisfies LifecycleEvent);
 * ```
 */
export type LifecycleEvent = { type: 'STOP' } | { type: 'WORKER_FAILED'; error: unknown };

/** Sent to the parent (the orchestrator) when a service reaches RUNNING. */
export interface ServiceRunningEvent {
  type: 'SERVICE_RUNNING';
  service: string;
}

/**
 * Parameters of the `announce` action: one state change, published as `ServiceStateChangedEvent`.
 *
 * @example
 * ```ts
 * const change: AnnounceParams = { from: 'INITIALIZING', to: 'RUNNING', reason: 'initialized' };
 * ```
 */
export interface AnnounceParams {
  from: LifecycleState;
  to: LifecycleState;
  reason: string;
}

/**
 * Input handed to the `initialize`, `shutdown` and `worker` actors.
 *
 * @example
 * ```ts
 * import { fromPromise } from 'xstate';
 *
 * declare function runService(name: string): Promise<void>;
 * const worker = fromPromise(async ({ input }: { input: LifecycleWorkInput }) => runService(input.service));
 * ```
 */
export interface LifecycleWorkInput {
  service: string;
}

/** Turns anything thrown into a readable message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

function errorOf(event: { type: string; error?: unknown }): unknown {
  return 'error' in event ? event.error : undefined;
}

/**
 * The lifecycle statechart shared by every service: `INITIALIZING -> RUNNING -> STOPPING -> STOPPED`,
 * with `FAILED` for a failed initialization, a crashed worker, a failed shutdown or a timeout. It is pure:
 * `initialize`, `shutdown`, `worker`, `announce` and `logIgnoredEvent` are placeholders that
 * `src/actors` binds with `lifecycleMachine.provide(...)`. STOPPED and FAILED are final: a failed
 * service is never revived in place; its supervisor starts a fresh actor (fresh state from `initialize`).
 *
 * @example
 * ```ts
 * import { createActor, fromPromise, fromCallback } from 'xstate';
 *
 * const logic = lifecycleMachine.provide({
 *   actors: { initialize: fromPromise(async () => {}), shutdown: fromPromise(async () => {}),
 *             worker: fromCallback(() => () => {}) },
 *   actions: {
 *     announce: (_, params) => {
 *       const { from, to } = params as { from: string; to: string };
 *       console.log(from, '->', to);
 *     },
 *   },
 * });
 * const actor = createActor(logic, { input: { service: 'data_fetching' } }).start();
 * actor.send({ type: 'STOP' });
 * ```
 */
export const lifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    input: {} as LifecycleInput,
    events: {} as LifecycleEvent,
    output: {} as LifecycleOutput,
  },
  actors: {
    initialize: fromPromise<void, LifecycleWorkInput>(async () => {
      throw new NotProvidedError('initialize');
    }),
    shutdown: fromPromise<void, LifecycleWorkInput>(async () => {
      throw new NotProvidedError('shutdown');
    }),
    worker: fromCallback<LifecycleEvent, LifecycleWorkInput>(() => undefined),
  },
  actions: {
    /** Publishes `ServiceStateChangedEvent`; bound to the bus in src/actors. */
    // Params are typed `unknown` here (XState infers assign/enqueueActions against them); they are
    // always an `AnnounceParams`, which the bound implementation reads.
    announce: (_, _params: unknown) => {},
    /** Logs an event that the current state does not accept; bound to the logger in src/actors. */
    logIgnoredEvent: () => {},
    recordError: assign({ error: ({ event }) => errorMessage(errorOf(event)) }),
    recordInitTimeout: assign({
      error: ({ context }) => `initialization timed out after ${context.initTimeoutMs} ms`,
    }),
    recordShutdownTimeout: assign({
      error: ({ context }) => `shutdown timed out after ${context.shutdownTimeoutMs} ms`,
    }),
    /**
     * Tells the supervisor that the service is up (so it can start the next): bound in src/actors to
     * `sendParent` for supervised services, left empty for a service running on its own.
     */
    notifySupervisor: () => {},
  },
  delays: {
    initTimeout: ({ context }) => context.initTimeoutMs,
    shutdownTimeout: ({ context }) => context.shutdownTimeoutMs,
  },
}).createMachine({
  id: 'lifecycle',
  description:
    'Lifecycle of one service: initialize, run the worker, shut down; FAILED is seen by the supervisor',
  context: ({ input }) => ({
    service: input.service,
    initTimeoutMs: input.initTimeoutMs ?? orchestratorDefaults.init_timeout_seconds * 1000,
    shutdownTimeoutMs: input.shutdownTimeoutMs ?? orchestratorDefaults.shutdown_timeout_seconds * 1000,
    error: undefined,
  }),
  initial: 'INITIALIZING',
  on: {
    '*': { actions: 'logIgnoredEvent' },
  },
  output: ({ context }) => lifecycleOutput(context),
  states: {
    INITIALIZING: {
      description: 'Building fresh component state (initialize); bounded by initTimeout',
      invoke: {
        id: 'initialize',
        src: 'initialize',
        input: ({ context }) => ({ service: context.service }),
        onDone: {
          target: 'RUNNING',
          actions: [
            { type: 'announce', params: { from: 'INITIALIZING', to: 'RUNNING', reason: 'initialized' } },
            'notifySupervisor',
          ],
        },
        onError: {
          target: 'FAILED',
          actions: [
            'recordError',
            {
              type: 'announce',
              params: { from: 'INITIALIZING', to: 'FAILED', reason: 'initialization failed' },
            },
          ],
        },
      },
      after: {
        initTimeout: {
          target: 'FAILED',
          actions: [
            'recordInitTimeout',
            {
              type: 'announce',
              params: { from: 'INITIALIZING', to: 'FAILED', reason: 'initialization timed out' },
            },
          ],
        },
      },
      on: {
        STOP: {
          target: 'STOPPING',
          actions: {
            type: 'announce',
            params: { from: 'INITIALIZING', to: 'STOPPING', reason: 'stop requested' },
          },
        },
      },
    },
    RUNNING: {
      description:
        'Subscribed to input events: the worker delivers them straight from the bus to the handlers',
      invoke: {
        id: 'worker',
        src: 'worker',
        input: ({ context }) => ({ service: context.service }),
        onError: {
          target: 'FAILED',
          actions: [
            'recordError',
            { type: 'announce', params: { from: 'RUNNING', to: 'FAILED', reason: 'worker crashed' } },
          ],
        },
      },
      on: {
        WORKER_FAILED: {
          target: 'FAILED',
          actions: [
            'recordError',
            { type: 'announce', params: { from: 'RUNNING', to: 'FAILED', reason: 'handler failed' } },
          ],
        },
        STOP: {
          target: 'STOPPING',
          actions: {
            type: 'announce',
            params: { from: 'RUNNING', to: 'STOPPING', reason: 'stop requested' },
          },
        },
      },
    },
    STOPPING: {
      description: 'Unsubscribed; releasing resources (shutdown); bounded by shutdownTimeout',
      invoke: {
        id: 'shutdown',
        src: 'shutdown',
        input: ({ context }) => ({ service: context.service }),
        onDone: {
          target: 'STOPPED',
          actions: { type: 'announce', params: { from: 'STOPPING', to: 'STOPPED', reason: 'shut down' } },
        },
        onError: {
          target: 'FAILED',
          actions: [
            'recordError',
            { type: 'announce', params: { from: 'STOPPING', to: 'FAILED', reason: 'shutdown failed' } },
          ],
        },
      },
      after: {
        shutdownTimeout: {
          target: 'FAILED',
          actions: [
            'recordShutdownTimeout',
            { type: 'announce', params: { from: 'STOPPING', to: 'FAILED', reason: 'shutdown timed out' } },
          ],
        },
      },
    },
    STOPPED: {
      description: 'Stopped cleanly (final)',
      type: 'final',
    },
    FAILED: {
      description:
        'Failed, error kept in context (final): the supervisor decides whether to start a fresh one',
      tags: ['failed'],
      type: 'final',
    },
  },
});

/** The output of a finished lifecycle actor, derived from its context. */
export function lifecycleOutput(context: LifecycleContext): LifecycleOutput {
  return context.error === undefined
    ? { service: context.service, status: 'STOPPED' }
    : { service: context.service, status: 'FAILED', error: context.error };
}
