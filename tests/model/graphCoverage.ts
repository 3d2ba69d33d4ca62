import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';

/** Every (source state, event) edge of a machine, as `source|eventType`, from `toDirectedGraph`. */
export function machineEdges(machine: AnyStateMachine): Set<string> {
  const edges = new Set<string>();
  const walk = (node: DirectedGraphNode) => {
    for (const edge of node.edges) edges.add(`${edge.source.id}|${edge.transition.eventType}`);
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return edges;
}

/** The edges a step takes: the transitions the machine selects for `event` in `snapshot`. */
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

/** Every leaf state node id (atomic or final) of a machine. */
export function leafStates(machine: AnyStateMachine): Set<string> {
  const leaves = new Set<string>();
  const walk = (node: DirectedGraphNode) => {
    if (node.children.length === 0) leaves.add(node.stateNode.id);
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return leaves;
}

/** Leaf state ids active in a snapshot. */
export function activeLeaves(snapshot: AnyMachineSnapshot): string[] {
  return snapshot._nodes
    .filter((node: { type: string }) => node.type === 'atomic' || node.type === 'final')
    .map((node: { id: string }) => node.id);
}
