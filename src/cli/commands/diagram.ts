import { UsageError } from '../../errors/usageError.js';
import { diagramMachines as machines } from '../../machines/diagramMachines.js';
import { machineToJson } from '../../machines/machineToJson.js';
import { machineToMermaid } from '../../machines/machineToMermaid.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const formats = ['mermaid', 'json'] as const;

/**
 * `tradestate diagram [--machine lifecycle|orchestrator] [--format mermaid|json]`: prints a machine as a
 * Mermaid `stateDiagram-v2` (paste into GitHub Markdown or mermaid.live) or as its JSON definition
 * (loads back into `createMachine`; importable into Stately Studio).
 *
 * @example
 * ```ts
 * await diagramCommand.run(['--machine', 'orchestrator'], processCliIO());
 * ```
 */
export const diagramCommand: Command = {
  name: 'diagram',
  summary: 'Print the lifecycle or orchestrator state machine as Mermaid or JSON',
  usage: [
    'Usage: tradestate diagram [--machine lifecycle|orchestrator] [--format mermaid|json]',
    '',
    'Prints a state machine: a Mermaid stateDiagram-v2 (default) or the machine definition as JSON, which',
    'loads back into XState (createMachine(json)) and into Stately Studio (Import from code).',
    '',
    'Options:',
    '  --machine NAME   lifecycle (default) or orchestrator',
    '  --format FORMAT  mermaid (default) or json',
  ].join('\n'),
  examples: [
    'tradestate diagram --machine orchestrator',
    'tradestate diagram --machine lifecycle --format json',
  ],
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      machine: { type: 'string', short: 'm', default: 'lifecycle' },
      format: { type: 'string', short: 'f', default: 'mermaid' },
    });
    const name = values.machine as string;
    const format = values.format as string;
    if (!Object.hasOwn(machines, name)) {
      throw new UsageError(`--machine must be lifecycle or orchestrator, got ${JSON.stringify(name)}`);
    }
    if (!formats.includes(format as (typeof formats)[number])) {
      throw new UsageError(`--format must be mermaid or json, got ${JSON.stringify(format)}`);
    }
    const machine = machines[name as keyof typeof machines];
    io.stdout.write(
      format === 'json' ? `${JSON.stringify(machineToJson(machine), null, 2)}\n` : machineToMermaid(machine),
    );
    return 0;
  },
};
