import type { AnyStateMachine } from 'xstate';

/**
 * A machine's definition as plain JSON: the config given to `createMachine` (states, transitions with
 * string targets, named actions, guards, actors and delays, descriptions), without the implementations.
 *
 * @example
 * ```ts
 * const definition: MachineJson = machineToJson(lifecycleMachine);
 * console.log(Object.keys(definition.states ?? {}));
 * ```
 */
export interface MachineJson {
  id: string;
  initial?: string;
  description?: string;
  states?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Implementations (context factories, `input` mappers, inline functions) cannot travel as JSON: a property
 * holding one is left out, and a function inside a list (an inline action) is named by its function name so
 * the list keeps its shape.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === 'function' ? { type: item.name || 'inline' } : plain(item)));
  }
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'function' || item === undefined) continue;
    result[key] = plain(item);
  }
  return result;
}

/**
 * The definition of a machine as JSON that loads back into XState and into Stately's tools: pass it to
 * `createMachine` (structure only) or to `setup({ actors, actions, guards, delays }).createMachine` (the
 * named implementations bound again), or paste it into Stately Studio's "Import from code". Context and
 * inputs are functions of the actor's input and are not part of the JSON; every named action, guard, actor
 * and delay is kept by name.
 *
 * @example
 * ```ts
 * import { createMachine } from 'xstate';
 *
 * const json = JSON.stringify(machineToJson(orchestratorMachine), null, 2);
 * const copy = createMachine(JSON.parse(json));
 * ```
 */
export function machineToJson(machine: AnyStateMachine): MachineJson {
  return plain(machine.config) as MachineJson;
}
