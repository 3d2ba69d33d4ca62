import type { AnyStateMachine } from 'xstate';
import { lifecycleMachine } from './lifecycleMachine.js';
import { orchestratorMachine } from './orchestratorMachine.js';

/**
 * Every machine of the system by the name `tradestate diagram --machine` takes: what the diagrams, the
 * JSON export and the live view are made from.
 *
 * @example
 * ```ts
 * for (const [name, machine] of Object.entries(diagramMachines)) console.log(name, machineToMermaid(machine));
 * ```
 */
export const diagramMachines = {
  lifecycle: lifecycleMachine,
  orchestrator: orchestratorMachine,
} as const satisfies Record<string, AnyStateMachine>;

/** A name of `diagramMachines`. */
export type DiagramMachineName = keyof typeof diagramMachines;
