import { describe, expect, it } from 'vitest';
import {
  type AnyStateMachine,
  createActor,
  createMachine,
  fromCallback,
  fromPromise,
  setup,
  waitFor,
} from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';
import { diagramCommand } from '../../../src/cli/commands/diagram.js';
import { UsageError } from '../../../src/errors/usageError.js';
import { diagramMachines } from '../../../src/machines/diagramMachines.js';
import { lifecycleMachine } from '../../../src/machines/lifecycleMachine.js';
import { machineToJson } from '../../../src/machines/machineToJson.js';
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
    expect(JSON.parse(json.output())).toEqual(machineToJson(orchestratorMachine));
    await expect(diagramCommand.run(['--machine', 'nope'], io().io)).rejects.toThrow(UsageError);
  });
});

/** Every transition of a machine as `source -> target : event`, from xstate/graph. */
function transitions(machine: AnyStateMachine): string[] {
  const result: string[] = [];
  const walk = (node: DirectedGraphNode) => {
    for (const edge of node.edges)
      result.push(`${edge.source.id} -> ${edge.target.id} : ${edge.transition.eventType}`);
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return result.sort();
}

describe('machine labels Mermaid would misread', () => {
  const tricky = createMachine({
    id: 'tricky',
    initial: 'A',
    states: {
      A: {
        description: 'waits: for B; then #1\nend note, on its own line',
        on: { 'x:y;z': { target: 'B', guard: 'is:ready' } },
      },
      B: { type: 'final' },
    },
  });

  it('puts descriptions with colons and semicolons in multi-line notes and escapes label separators', () => {
    const text = machineToMermaid(tricky);
    expect(text).toContain(
      'note right of tricky_A\n    waits: for B; then #1\n    end-note, on its own line\n  end note',
    );
    expect(text).toContain('tricky_A --> tricky_B : x#58;y#59;z [is#58;ready]');
  });
});

describe('transitions without an event', () => {
  const timer = setup({ guards: { ready: () => true } }).createMachine({
    id: 'timer',
    initial: 'waiting',
    states: {
      waiting: { after: { 500: 'checking' } },
      checking: {
        always: [{ guard: { type: 'ready' }, target: 'done' }, { target: 'waiting' }],
        entry: [() => {}, function tick() {}],
      },
      done: { type: 'final' },
    },
  });

  it('draws eventless transitions as "always", with a guard given as an object named by its type', () => {
    const text = machineToMermaid(timer);
    expect(text).toContain('timer_waiting --> timer_checking : after 500\n');
    expect(text).toContain('timer_checking --> timer_done : always [ready]\n');
    expect(text).toContain('timer_checking --> timer_waiting : always\n');
  });

  it("draws the orchestrator's decisions, which are all eventless", () => {
    const text = machineToMermaid(orchestratorMachine);
    expect(text).toContain(
      'orchestrator_RUNNING_supervision_DECIDING --> orchestrator_RUNNING_supervision_BACKOFF : always [needsRestart]',
    );
    expect(text).toContain(
      'orchestrator_STOPPING_STOPPING_NEXT --> orchestrator_STOPPED : always [queueEmpty]',
    );
  });

  it('names inline actions in JSON by their function name, or "inline" when they have none', () => {
    const checking = (machineToJson(timer).states as Record<string, { entry: unknown }>).checking;
    expect(checking?.entry).toEqual([{ type: 'inline' }, { type: 'tick' }]);
  });

  it('starts a parallel machine with no initial arrow at the top level', () => {
    const both = createMachine({ id: 'both', type: 'parallel', states: { a: {}, b: {} } });
    expect(machineToMermaid(both)).toBe('stateDiagram-v2\n  both_a : a\n  both_b : b\n');
  });
});

describe('tradestate diagram --format json', () => {
  it.each(Object.entries(diagramMachines))(
    'the %s definition loads back into createMachine with the same states and transitions',
    (_name, machine) => {
      const json = JSON.parse(JSON.stringify(machineToJson(machine)));
      const loaded = createMachine(json);
      expect(transitions(loaded)).toEqual(transitions(machine));
      expect(transitions(loaded).length).toBeGreaterThan(9);
      expect(machineToJson(loaded)).toEqual(json);
    },
  );

  it('the lifecycle definition with its implementations bound again runs INITIALIZING -> RUNNING -> STOPPED', async () => {
    const json = JSON.parse(JSON.stringify(machineToJson(lifecycleMachine)));
    const rebuilt = setup({
      actors: {
        initialize: fromPromise(async () => undefined),
        shutdown: fromPromise(async () => undefined),
        worker: fromCallback(() => undefined),
      },
      actions: { announce: () => {}, logIgnoredEvent: () => {}, notifySupervisor: () => {} },
      delays: { initTimeout: 60_000, shutdownTimeout: 60_000 },
    }).createMachine({ ...json, context: {} });
    const actor = createActor(rebuilt).start();
    await waitFor(actor, (snapshot) => snapshot.matches('RUNNING'));
    actor.send({ type: 'STOP' });
    const done = await waitFor(actor, (snapshot) => snapshot.status === 'done');
    expect(done.value).toBe('STOPPED');
  });
});
