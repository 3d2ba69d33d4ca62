import type { AnyStateMachine } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';

/** A state node id as a Mermaid identifier (letters, digits, `_`): `lifecycle.RUNNING` -> `lifecycle_RUNNING`. */
export function mermaidId(stateNodeId: string): string {
  return stateNodeId.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Text after `:` (a state's label, a transition's label) ends at `;` or at a second `:` in Mermaid's
 * state-diagram grammar, and `#name;` is read as an entity: those characters go in as entity codes, which
 * Mermaid renders as the characters themselves.
 */
function mermaidLabel(text: string): string {
  return text.replace(/[#:;]/g, (character) => `#${character.charCodeAt(0)};`).replace(/\s+/g, ' ');
}

/** A note's text as a multi-line note block: anything goes there except a line reading `end note`. */
function mermaidNote(indent: string, id: string, text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/^(\s*)end note/i, '$1end-note'));
  return [`${indent}note right of ${id}`, ...lines.map((line) => `${indent}  ${line}`), `${indent}end note`];
}

function labelOf(edge: Pick<DirectedGraphNode['edges'][number], 'transition'>): string {
  const eventType = edge.transition.eventType;
  const event = eventType.startsWith('xstate.after.')
    ? `after ${eventType.split('.')[2] ?? 'delay'}`
    : eventType.startsWith('xstate.done.actor.')
      ? `done ${eventType.slice('xstate.done.actor.'.length)}`
      : eventType.startsWith('xstate.error.actor.')
        ? `error ${eventType.slice('xstate.error.actor.'.length)}`
        : eventType === ''
          ? 'always'
          : eventType;
  const guard = edge.transition.guard;
  const guardName =
    typeof guard === 'string'
      ? guard
      : guard && typeof guard === 'object' && 'type' in guard
        ? String(guard.type)
        : undefined;
  return mermaidLabel(guardName ? `${event} [${guardName}]` : event);
}

function render(node: DirectedGraphNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const stateNode = node.stateNode;
  const children = node.children;
  if (children.length > 0) {
    const initial = stateNode.initial?.target[0];
    lines.push(`${indent}state ${mermaidId(stateNode.id)} {`);
    if (stateNode.type !== 'parallel' && initial) lines.push(`${indent}  [*] --> ${mermaidId(initial.id)}`);
    children.forEach((child, index) => {
      render(child, depth + 1, lines);
      if (stateNode.type === 'parallel' && index < children.length - 1) lines.push(`${indent}  --`);
    });
    lines.push(`${indent}}`);
  } else {
    lines.push(`${indent}${mermaidId(stateNode.id)} : ${mermaidLabel(stateNode.key)}`);
    if (stateNode.type === 'final') lines.push(`${indent}${mermaidId(stateNode.id)} --> [*]`);
  }
  if (stateNode.description)
    lines.push(...mermaidNote(indent, mermaidId(stateNode.id), stateNode.description));
}

function collectEdges(node: DirectedGraphNode, lines: string[]): void {
  // `toDirectedGraph` lists evented transitions only: the eventless (`always`) ones are read from the node.
  const eventless = (node.stateNode.always ?? []).flatMap((transition) =>
    (transition.target ?? [node.stateNode]).map((target) => ({ source: node.stateNode, target, transition })),
  );
  for (const edge of [...node.edges, ...eventless]) {
    if (edge.transition.eventType === '*') continue;
    lines.push(`  ${mermaidId(edge.source.id)} --> ${mermaidId(edge.target.id)} : ${labelOf(edge)}`);
  }
  for (const child of node.children) collectEdges(child, lines);
}

/**
 * Renders a machine as a Mermaid `stateDiagram-v2` (states nested as in the chart, one line per transition
 * with its event and guard, descriptions as notes), from `xstate/graph`'s `toDirectedGraph`. The catch-all
 * `*` transition (log and ignore) is left out. Every label is escaped for Mermaid's grammar (descriptions as
 * multi-line notes, `:` `;` `#` in labels as entity codes), so any description or event name parses.
 *
 * @example
 * ```ts
 * console.log(machineToMermaid(lifecycleMachine));
 * // stateDiagram-v2
 * //   [*] --> lifecycle_INITIALIZING
 * //   ...
 * ```
 */
export function machineToMermaid(machine: AnyStateMachine): string {
  const graph = toDirectedGraph(machine);
  const lines = ['stateDiagram-v2'];
  const root = graph.stateNode;
  const initial = root.initial?.target[0];
  if (initial) lines.push(`  [*] --> ${mermaidId(initial.id)}`);
  for (const child of graph.children) render(child, 1, lines);
  collectEdges(graph, lines);
  return `${lines.join('\n')}\n`;
}
