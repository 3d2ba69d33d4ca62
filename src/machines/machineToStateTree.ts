import type { AnyStateMachine } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';
import { describeEvent } from './describeEvent.js';

/**
 * One state of a machine as the live view draws it: nested boxes (children inside), each with its outgoing
 * transitions in words.
 *
 * @example
 * ```ts
 * const tree: StateTreeNode = machineToStateTree(lifecycleMachine);
 * console.log(tree.children.map((child) => child.key)); // ['INITIALIZING', 'RUNNING', ...]
 * ```
 */
export interface StateTreeNode {
  /** State node id, `lifecycle.RUNNING`: what an active-state list names. */
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description?: string;
  /** `event [guard] -> TARGET` per transition, with XState's own events in words. */
  transitions: Array<{ event: string; target: string }>;
  children: StateTreeNode[];
}

function convert(node: DirectedGraphNode): StateTreeNode {
  const guardOf = (guard: unknown) =>
    typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;
  return {
    id: node.stateNode.id,
    key: node.stateNode.key,
    type: node.stateNode.type,
    ...(node.stateNode.description ? { description: node.stateNode.description } : {}),
    // `toDirectedGraph` lists evented transitions only: the eventless (`always`) ones are read from the node.
    transitions: [
      ...node.edges.filter((edge) => edge.transition.eventType !== '*'),
      ...(node.stateNode.always ?? []).flatMap((transition) =>
        (transition.target ?? [node.stateNode]).map((target) => ({ transition, target })),
      ),
    ].map((edge) => {
      const guard = guardOf(edge.transition.guard);
      return {
        event: `${describeEvent(edge.transition.eventType)}${guard ? ` [${guard}]` : ''}`,
        target: edge.target.key,
      };
    }),
    children: node.children.map(convert),
  };
}

/**
 * The states of a machine as a tree (from `xstate/graph`), for drawing it as nested boxes and lighting up
 * the active states by id. The catch-all `*` transition is left out, as in the Mermaid diagram.
 *
 * @example
 * ```ts
 * const tree = machineToStateTree(orchestratorMachine);
 * const running = tree.children.find((child) => child.key === 'RUNNING');
 * ```
 */
export function machineToStateTree(machine: AnyStateMachine): StateTreeNode {
  return convert(toDirectedGraph(machine));
}

/**
 * The ids of the states active in a state value: `{ RUNNING: { health: 'WAITING' } }` in `orchestrator` ->
 * `orchestrator.RUNNING`, `orchestrator.RUNNING.health`, `orchestrator.RUNNING.health.WAITING`.
 *
 * @example
 * ```ts
 * activeStateIds('lifecycle', 'RUNNING'); // ['lifecycle.RUNNING']
 * ```
 */
export function activeStateIds(prefix: string, value: unknown): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...activeStateIds(`${prefix}.${key}`, child),
  ]);
}
