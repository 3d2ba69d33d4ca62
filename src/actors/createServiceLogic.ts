import { fromCallback, fromPromise, sendParent } from 'xstate';
import {
  type AnnounceParams,
  type LifecycleEvent,
  type LifecycleWorkInput,
  lifecycleMachine,
} from '../machines/lifecycleMachine.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import { UnknownServiceError } from './unknownServiceError.js';

/**
 * Binds the pure lifecycle machine to service runtimes: `initialize`, `shutdown` and the worker call the
 * runtime named by the actor's input, and `announce` publishes `ServiceStateChangedEvent`. One bound logic
 * serves every service of an orchestrator (each actor's input says which service it is). Supervised
 * services tell their parent when they are RUNNING; a service on its own (`supervised: false`) has none.
 *
 * @example
 * ```ts
 * const runtimes = new Map([[runtime.name, runtime]]);
 * const logic = createServiceLogic((name) => runtimes.get(name), { supervised: false });
 * const actor = createActor(logic, { input: { service: runtime.name }, clock }).start();
 * ```
 */
export function createServiceLogic(
  lookup: (service: string) => ServiceRuntime | undefined,
  options: { supervised: boolean } = { supervised: true },
) {
  const runtimeOf = (service: string): ServiceRuntime => {
    const runtime = lookup(service);
    if (!runtime) throw new UnknownServiceError(service);
    return runtime;
  };
  return lifecycleMachine.provide({
    actors: {
      initialize: fromPromise<void, LifecycleWorkInput>(({ input, signal }) =>
        runtimeOf(input.service).initialize(signal),
      ),
      shutdown: fromPromise<void, LifecycleWorkInput>(({ input }) => runtimeOf(input.service).shutdown()),
      worker: fromCallback<LifecycleEvent, LifecycleWorkInput>(({ input, sendBack }) =>
        runtimeOf(input.service).startWorker(sendBack),
      ),
    },
    actions: {
      notifySupervisor: options.supervised
        ? sendParent(({ context }) => ({ type: 'SERVICE_RUNNING', service: context.service }))
        : () => {},
      announce: ({ context }, params) => {
        lookup(context.service)?.announce(params as AnnounceParams, context.error);
      },
      logIgnoredEvent: ({ context, event }) => {
        lookup(context.service)?.logger.warn(
          { event_type: event.type },
          `Ignored ${event.type}: not accepted in the current state`,
        );
      },
    },
  });
}
