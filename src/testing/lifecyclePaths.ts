import { type AnyMachineSnapshot, type AnyStateMachine, type EventObject, getNextSnapshot } from 'xstate';
import { type DirectedGraphNode, getShortestPaths, getSimplePaths, toDirectedGraph } from 'xstate/graph';
import { describeEvent, UNACCEPTED_EVENT } from '../machines/describeEvent.js';

/**
 * One step of a generated path: the event the machine takes in one state, the state it must lead to, and
 * the machine edges it exercises.
 *
 * @example
 * ```ts
 * declare const plan: ModelPath;
 * const step: ModelStep = plan.steps[0]!;
 * console.log(step.name); // "INITIALIZING --initialize succeeds--> RUNNING"
 * ```
 */
export interface ModelStep {
  /** `FROM --what happens--> TO`, or `FROM ignores what happens`. */
  name: string;
  event: EventObject;
  /** State value before and after, as the machine says (`JSON` for nested values). */
  from: string;
  to: string;
  /** Edge keys `sourceStateId|eventType`, as `machineEdges` lists them. */
  edges: string[];
}

/**
 * A generated path: the shortest way to a state, then one edge out of it (the edge the path is for).
 *
 * @example
 * ```ts
 * for (const plan of modelPaths(lifecycleMachine, { service: 'demo' })) console.log(plan.name);
 * ```
 */
export interface ModelPath {
  /** The last step's name, with the steps leading there. */
  name: string;
  steps: ModelStep[];
}

/** A state value as text: `RUNNING`, or JSON for compound values. */
export function stateText(snapshot: AnyMachineSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}

/**
 * Every (source state, event) edge of a machine, as `sourceStateId|eventType`, from `toDirectedGraph`.
 *
 * @example
 * ```ts
 * machineEdges(lifecycleMachine); // ['lifecycle|*', 'lifecycle.INITIALIZING|STOP', ...]
 * ```
 */
export function machineEdges(machine: AnyStateMachine): string[] {
  const edges = new Set<string>();
  const walk = (node: DirectedGraphNode) => {
    for (const edge of node.edges) edges.add(`${edge.source.id}|${edge.transition.eventType}`);
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return [...edges];
}

/**
 * The edges a step takes: the transitions the machine selects for `event` in `snapshot`.
 *
 * @example
 * ```ts
 * import { getInitialSnapshot } from 'xstate';
 * const initialSnapshot = getInitialSnapshot(lifecycleMachine, { service: 'demo' });
 * edgesTaken(lifecycleMachine, initialSnapshot, { type: 'STOP' }); // ['lifecycle.INITIALIZING|STOP']
 * ```
 */
export function edgesTaken(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): string[] {
  return machine
    .getTransitionData(snapshot, event)
    .map(
      (transition: { source: { id: string }; eventType: string }) =>
        `${transition.source.id}|${transition.eventType}`,
    );
}

/**
 * The events that drive a machine, taken from its own graph (so renamed delays or actors follow): one per
 * event type of its edges (with an `error` for error events), and one event no state accepts.
 *
 * @example
 * ```ts
 * const events = machineEvents(orchestratorMachine);
 * const backoff = events.find((event) => event.type.startsWith('xstate.after.restartDelay.'));
 * ```
 */
export function machineEvents(machine: AnyStateMachine): EventObject[] {
  const types = new Set(machineEdges(machine).map((edge) => edge.slice(edge.indexOf('|') + 1)));
  types.delete('*');
  const events: EventObject[] = [...types].map((type) =>
    type.startsWith('xstate.error.')
      ? ({ type, error: new Error(describeEvent(type)) } as EventObject)
      : { type },
  );
  return [...events, { type: UNACCEPTED_EVENT }];
}

function step(
  machine: AnyStateMachine,
  before: AnyMachineSnapshot,
  event: EventObject,
  after: AnyMachineSnapshot,
): ModelStep {
  const from = stateText(before);
  const to = stateText(after);
  const what = describeEvent(event.type);
  return {
    name: from === to ? `${from} ignores ${what}` : `${from} --${what}--> ${to}`,
    event,
    from,
    to,
    edges: edgesTaken(machine, before, event),
  };
}

/**
 * Paths through a machine generated with `xstate/graph`: every simple path to every state (`ways: 'every'`,
 * the default) or only the shortest (`ways: 'shortest'`, for large machines), each extended by each
 * event that state reacts to (its transitions, and events from outside it must ignore). Together they take
 * every edge of the machine.
 *
 * @example
 * ```ts
 * const plans = modelPaths(lifecycleMachine, { service: 'demo' });
 * const covered = new Set(plans.flatMap((plan) => plan.steps.flatMap((step) => step.edges)));
 * ```
 */
export function modelPaths(
  machine: AnyStateMachine,
  input: unknown,
  options: { events?: EventObject[]; ways?: 'shortest' | 'every' } = {},
): ModelPath[] {
  const events = options.events ?? machineEvents(machine);
  const plans: ModelPath[] = [];
  const traverse = options.ways === 'shortest' ? getShortestPaths : getSimplePaths;
  for (const path of traverse(machine, { events: events as never, input: input as never })) {
    const prefix = path.steps
      .slice(1)
      .map((taken, index) => step(machine, path.steps[index]!.state, taken.event, taken.state));
    if (path.state.status !== 'active') continue; // a final state: reached by the paths through it
    for (const event of events) {
      const taken = edgesTaken(machine, path.state, event);
      if (taken.length === 0) continue;
      // XState's own events (an actor settles, a delay expires) only happen where the state invokes that
      // actor or waits that delay: "ignored elsewhere" is no situation a service can be in.
      if (event.type.startsWith('xstate.') && taken.every((edge) => edge.endsWith('|*'))) continue;
      const after = getNextSnapshot(machine, path.state, event as never) as AnyMachineSnapshot;
      const steps = [...prefix, step(machine, path.state, event, after)];
      const last = steps.at(-1)!;
      const before = prefix.length > 0 ? ` (after ${prefix.map((each) => each.name).join(', ')})` : '';
      plans.push({ name: `${last.name}${before}`, steps });
    }
  }
  return plans;
}

export { describeEvent, UNACCEPTED_EVENT };
