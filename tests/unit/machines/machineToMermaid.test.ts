import { describe, expect, it } from 'vitest';
import { diagramCommand } from '../../../src/cli/commands/diagram.js';
import { UsageError } from '../../../src/cli/usageError.js';
import { lifecycleMachine } from '../../../src/machines/lifecycleMachine.js';
import { machineToMermaid } from '../../../src/machines/machineToMermaid.js';
import { orchestratorMachine } from '../../../src/machines/orchestratorMachine.js';

function io() {
  let out = '';
  return {
    io: {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
      env: {},
      cwd: '.',
    },
    output: () => out,
  };
}

describe('machineToMermaid and tradestate diagram', () => {
  it('renders the lifecycle as a stateDiagram-v2 with every transition, its event and guard', () => {
    const text = machineToMermaid(lifecycleMachine);
    expect(text.startsWith('stateDiagram-v2\n  [*] --> lifecycle_INITIALIZING\n')).toBe(true);
    expect(text).toContain('lifecycle_INITIALIZING --> lifecycle_RUNNING : done initialize');
    expect(text).toContain('lifecycle_INITIALIZING --> lifecycle_FAILED : after initTimeout');
    expect(text).toContain('lifecycle_RUNNING --> lifecycle_FAILED : WORKER_FAILED');
    expect(text).toContain('lifecycle_STOPPING --> lifecycle_STOPPED : done shutdown');
    expect(text).toContain('lifecycle_FAILED --> [*]');
    expect(text.match(/ --> lifecycle_/g)).toHaveLength(11); // initial + 10 transitions
  });

  it('renders nested and parallel orchestrator states with guards', () => {
    const text = machineToMermaid(orchestratorMachine);
    expect(text).toContain('state orchestrator_RUNNING {');
    expect(text).toContain('  --');
    expect(text).toContain(
      'orchestrator_RUNNING_supervision_SUPERVISING --> orchestrator_RUNNING_supervision_RESTARTING : RESTART_SERVICE [isKnownService]',
    );
  });

  it('prints Mermaid by default and JSON on request, and rejects unknown machines', async () => {
    const mermaid = io();
    expect(await diagramCommand.run([], mermaid.io)).toBe(0);
    expect(mermaid.output()).toBe(machineToMermaid(lifecycleMachine));
    const json = io();
    expect(await diagramCommand.run(['--machine', 'orchestrator', '--format', 'json'], json.io)).toBe(0);
    expect(JSON.parse(json.output()).id).toBe('orchestrator');
    await expect(diagramCommand.run(['--machine', 'nope'], io().io)).rejects.toThrow(UsageError);
  });
});
