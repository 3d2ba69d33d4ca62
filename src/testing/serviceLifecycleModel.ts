import type { EventObject } from 'xstate';
import { createServiceActor, type StandaloneService } from '../actors/createServiceActor.js';
import type { AnyServiceDefinition } from '../actors/defineService.js';
import { lifecycleMachine } from '../machines/lifecycleMachine.js';
import { SystemClock } from '../util/clock.js';
import { ControlledService } from './controlledService.js';
import { type ModelPath, type ModelStep, machineEdges, modelPaths, stateText } from './lifecyclePaths.js';
import {
  crashHandler,
  defaultExpiringTimeoutMs,
  defaultPatienceMs,
  eventually,
  type ModelOptions,
  modelBus,
  settle,
  silentLogger,
} from './modelHarness.js';
import { assertReport, type ModelReport, type RunnablePath, runPaths } from './modelReport.js';
import { ModelTestError } from './modelTestError.js';
import { supervisedRestartPath } from './supervisedRestartPath.js';

/**
 * The lifecycle model of one service: a path per edge of `lifecycleMachine` (generated with `xstate/graph`),
 * each run against the real service with its hooks under control, plus its restart under the orchestrator.
 *
 * @example
 * ```ts
 * declare const counterService: AnyServiceDefinition;
 * const model: ServiceLifecycleModel = serviceLifecycleModel(counterService);
 * console.log(model.paths.map((path) => path.name));
 * ```
 */
export interface ServiceLifecycleModel {
  /** Lifecycle paths: every edge of the lifecycle machine, each run on a fresh standalone service. */
  paths: RunnablePath[];
  /** Paths under the orchestrator: a failed service is restarted with fresh state. */
  supervised: RunnablePath[];
  /** Runs every path; reports covered edges and failures (never throws). */
  run(): Promise<ModelReport>;
  /** Runs every path; throws a `ModelTestError` naming each failed or uncovered edge. */
  assert(): Promise<ModelReport>;
}

type Hook = 'initialize' | 'shutdown';
const gatedHooks = new Set<string>(['initialize', 'shutdown']);

/** The hook an XState actor event is about (`xstate.done.actor.initialize` -> initialize), if it is gated. */
function hookOf(event: EventObject): Hook | undefined {
  const match = /^xstate\.(?:done|error)\.actor\.(.+)$/.exec(event.type);
  return match && gatedHooks.has(match[1]!) ? (match[1] as Hook) : undefined;
}

/** A delay that expires in this path (`xstate.after.initTimeout...` -> initTimeout), given as `<delay>Ms`. */
function expiringTimeouts(plan: ModelPath, milliseconds: number, patienceMs: number): Record<string, number> {
  const timeouts: Record<string, number> = {
    initTimeoutMs: patienceMs * 30,
    shutdownTimeoutMs: patienceMs * 30,
  };
  for (const step of plan.steps) {
    const delay = /^xstate\.after\.([^.]+)\./.exec(step.event.type)?.[1];
    if (delay) timeouts[`${delay}Ms`] = milliseconds;
  }
  return timeouts;
}

/** Produces a step's event the way it happens for real: a hook settles, a handler throws, a STOP arrives. */
function stimulate(
  step: ModelStep,
  controlled: ControlledService,
  service: StandaloneService,
  bus: ReturnType<typeof modelBus>,
): void {
  const ignored = step.from === step.to && step.edges.every((edge) => edge.endsWith('|*'));
  const hook = hookOf(step.event);
  if (ignored) {
    service.actor.send(step.event as never);
  } else if (hook) {
    const outcome = step.event.type.startsWith('xstate.done.') ? 'succeed' : 'fail';
    // Stopped while initializing, a service finishes that initialization before shutting down.
    if (hook === 'shutdown' && controlled.isWaiting('initialize')) controlled.open('initialize', 'succeed');
    controlled.open(hook, outcome);
  } else if (step.event.type === 'WORKER_FAILED') {
    crashHandler(controlled, bus);
  } else if (!step.event.type.startsWith('xstate.')) {
    service.actor.send(step.event as never);
  }
  // Otherwise a delay expires (the path's short timeout) or the worker already failed on entering the state.
}

async function runLifecyclePath(
  plan: ModelPath,
  make: () => AnyServiceDefinition,
  options: ModelOptions,
): Promise<void> {
  const patienceMs = options.patienceMs ?? defaultPatienceMs;
  const logger = silentLogger(options);
  const controlled = new ControlledService(make());
  const bus = modelBus(logger);
  const timeouts = expiringTimeouts(plan, options.expiringTimeoutMs ?? defaultExpiringTimeoutMs, patienceMs);
  const service = createServiceActor(
    controlled.definition,
    { bus, clock: new SystemClock(), logger },
    timeouts,
  );
  service.started.catch(() => undefined);
  try {
    for (const [index, step] of plan.steps.entries()) {
      const next = plan.steps[index + 1];
      // A worker that fails as it starts (subscribe throws) is armed before the step that enters RUNNING.
      const workerFailure =
        next?.event.type.startsWith('xstate.error.') && hookOf(next.event) === undefined ? next : undefined;
      if (workerFailure) controlled.subscribeThrows = true;
      stimulate(step, controlled, service, bus);
      const target = workerFailure ? workerFailure.to : step.to;
      const atTarget = () => stateText(service.actor.getSnapshot()) === target;
      if (step.from === step.to) await settle();
      const reached = step.from === step.to ? atTarget() : await eventually(atTarget, patienceMs);
      if (!reached) {
        const snapshot = service.actor.getSnapshot();
        const why = snapshot.context.error ? ` (error: ${snapshot.context.error})` : '';
        const edge = workerFailure ? workerFailure.name : step.name;
        throw new ModelTestError(
          `${make().name}: edge "${edge}" failed: the service is ${stateText(snapshot)}${why}, expected ${target}` +
            `${step.from === step.to ? '' : ` within ${patienceMs} ms`}; path: ${plan.steps.map((each) => each.name).join(', ')}`,
          [edge],
        );
      }
      if (workerFailure) break;
    }
  } finally {
    // Gates never opened stay closed: a hook left waiting never runs after the path.
    service.actor.stop();
  }
}

/**
 * Generates the lifecycle paths of a service from `lifecycleMachine` with `xstate/graph` (every edge:
 * initialize succeeds / fails / times out, the worker fails, STOP in every state, shutdown succeeds / fails /
 * times out, events it must ignore) and runs each against the real service: a fresh instance from `service`
 * per path (pass a factory when a definition holds state of its own), its `initialize` and `shutdown`
 * held until the path says how they end, then the user's own hooks run. Time-outs are real and short only
 * where a path lets them expire. Works in any runner: `await model.assert()` throws a `ModelTestError`
 * naming the edge; in vitest one `it` per path reads well.
 *
 * @example
 * ```ts
 * import { serviceLifecycleModel } from 'tradestate/testing';
 *
 * declare const counterService: () => AnyServiceDefinition;
 * const model = serviceLifecycleModel(() => counterService());
 * for (const path of [...model.paths, ...model.supervised]) it(path.name, () => path.run());
 * it('covers every edge', async () => expect((await model.run()).edges.every((edge) => edge.covered)).toBe(true));
 * ```
 */
export function serviceLifecycleModel(
  service: AnyServiceDefinition | (() => AnyServiceDefinition),
  options: ModelOptions = {},
): ServiceLifecycleModel {
  const make = typeof service === 'function' ? service : () => service;
  const name = make().name;
  const plans = modelPaths(lifecycleMachine, { service: name, initTimeoutMs: 1, shutdownTimeoutMs: 1 });
  const edgeNames = new Map<string, string>(machineEdges(lifecycleMachine).map((key) => [key, key]));
  for (const plan of plans) {
    for (const step of plan.steps) {
      for (const key of step.edges) {
        if (edgeNames.get(key) === key)
          edgeNames.set(key, key.endsWith('|*') ? 'any state ignores events it does not accept' : step.name);
      }
    }
  }
  const paths: RunnablePath[] = plans.map((plan) => ({
    name: plan.name,
    edge: plan.steps.at(-1)!.name,
    edges: plan.steps.flatMap((step) => step.edges),
    run: () => runLifecyclePath(plan, make, options),
  }));
  const supervised = [supervisedRestartPath(make, options)];
  for (const path of supervised) edgeNames.set(path.edges[0]!, path.edge);
  const all = [...paths, ...supervised];
  return {
    paths,
    supervised,
    run: () => runPaths(all, edgeNames),
    assert: async () => assertReport(await runPaths(all, edgeNames)),
  };
}
