import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';

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
