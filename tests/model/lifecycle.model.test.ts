import { describe, expect, it } from 'vitest';
import { type EventObject, getNextSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { createServiceActor } from '../../src/actors/createServiceActor.js';
import { lifecycleMachine } from '../../src/machines/lifecycleMachine.js';
import {
  crashEvent,
  deferred,
  newBus,
  newClock,
  probeService,
  settle,
  silentLogger,
} from '../support/actors/serviceFixtures.js';
import { activeLeaves, edgesTaken, leafStates, machineEdges } from './graphCoverage.js';

const input = { service: 'data_fetching', initTimeoutMs: 1_000, shutdownTimeoutMs: 2_000 };
const events: EventObject[] = [
  { type: 'STOP' },
  { type: 'WORKER_FAILED', error: 'crash' } as EventObject,
  { type: 'xstate.done.actor.initialize' },
  { type: 'xstate.error.actor.initialize', error: 'refused' } as EventObject,
  { type: 'xstate.after.initTimeout.lifecycle.INITIALIZING' },
  { type: 'xstate.error.actor.worker', error: 'subscribe threw' } as EventObject,
  { type: 'xstate.done.actor.shutdown' },
  { type: 'xstate.error.actor.shutdown', error: 'refused' } as EventObject,
  { type: 'xstate.after.shutdownTimeout.lifecycle.STOPPING' },
  { type: 'UNKNOWN_EVENT' },
];

interface Step {
  state: string;
  event: EventObject;
}

/** Paths: the shortest path to every state, and that path plus each event the state reacts to. */
function generatePaths(): Array<{ steps: Step[]; edges: string[] }> {
  const machine = lifecycleMachine;
  const reach = getShortestPaths(machine, { events: events as never, input });
  const paths: Array<{ steps: Step[]; edges: string[] }> = [];
  for (const path of reach) {
    const prefix = path.steps
      .slice(1)
      .map((step) => ({ state: String(step.state.value), event: step.event }));
    const prefixEdges = path.steps
      .slice(1)
      .flatMap((step, index) => edgesTaken(machine, path.steps[index]!.state, step.event));
    if (path.state.status !== 'active') {
      paths.push({ steps: prefix, edges: prefixEdges });
      continue;
    }
    for (const event of events) {
      const taken = edgesTaken(machine, path.state, event);
      if (taken.length === 0) continue;
      paths.push({
        steps: [...prefix, { state: '?', event }],
        edges: [...prefixEdges, ...taken],
      });
    }
  }
  return paths;
}

/** Drives a real service actor through a generated path and checks each state reached. */
async function execute(steps: Step[]): Promise<string> {
  const clock = newClock();
  const bus = newBus();
  const { definition, controls } = probeService('data_fetching', []);
  controls.initGate = deferred();
  controls.shutdownGate = deferred();
  let subscribeThrows = false;
  const originalSubscribe = definition.subscribe!;
  definition.subscribe = (state, context) => {
    if (subscribeThrows) throw new Error('subscribe threw');
    return originalSubscribe(state, context);
  };
  const service = createServiceActor(definition, { bus, clock, logger: silentLogger }, input);
  service.started.catch(() => undefined);
  for (let index = 0; index < steps.length; index += 1) {
    const { event } = steps[index]!;
    const before = service.actor.getSnapshot().value;
    if (steps[index + 1]?.event.type === 'xstate.error.actor.worker') subscribeThrows = true;
    const snapshot = lifecycleMachine.resolveState({
      value: before,
      context: service.actor.getSnapshot().context,
    });
    const ignored = edgesTaken(lifecycleMachine, snapshot, event).every((edge) => edge === 'lifecycle|*');
    // An event the model ignores in this state is sent as is (it must be ignored and logged); an event the
    // model reacts to is produced the way it happens for real (a promise settles, time passes, a handler throws).
    switch (ignored ? 'SEND_AS_IS' : event.type) {
      case 'STOP':
        service.actor.send({ type: 'STOP' });
        break;
      case 'WORKER_FAILED':
        bus.publish(crashEvent('data_fetching'));
        break;
      case 'xstate.done.actor.initialize':
        controls.initGate.resolve();
        break;
      case 'xstate.error.actor.initialize':
        controls.failInit = true;
        controls.initGate.resolve();
        break;
      case 'xstate.after.initTimeout.lifecycle.INITIALIZING':
        clock.increment(input.initTimeoutMs);
        break;
      case 'xstate.error.actor.worker':
        break; // happened on entering RUNNING (subscribe threw)
      case 'xstate.done.actor.shutdown':
        controls.initGate.resolve(); // stopped while initializing: shutdown waits for the init first
        controls.shutdownGate.resolve();
        break;
      case 'xstate.error.actor.shutdown':
        controls.failShutdown = true;
        controls.initGate.resolve();
        controls.shutdownGate.resolve();
        break;
      case 'xstate.after.shutdownTimeout.lifecycle.STOPPING':
        clock.increment(input.shutdownTimeoutMs);
        break;
      default:
        service.actor.send(event as never);
    }
    await settle(3);
    const expected = getNextSnapshot(lifecycleMachine, snapshot, event as never);
    if (steps[index + 1]?.event.type !== 'xstate.error.actor.worker') {
      expect(service.actor.getSnapshot().value, `after ${event.type} from ${String(before)}`).toBe(
        expected.value,
      );
    }
  }
  return String(service.actor.getSnapshot().value);
}

describe('lifecycle machine, model-based', () => {
  const paths = generatePaths();

  it('covers every state and every (state, event) edge of the machine with generated paths', () => {
    const covered = new Set(paths.flatMap((path) => path.edges));
    const missing = [...machineEdges(lifecycleMachine)].filter((edge) => !covered.has(edge));
    expect(missing).toEqual([]);
    const reached = new Set(
      getShortestPaths(lifecycleMachine, { events: events as never, input }).flatMap((path) =>
        activeLeaves(path.state),
      ),
    );
    expect([...leafStates(lifecycleMachine)].filter((state) => !reached.has(state))).toEqual([]);
    console.info(
      `lifecycle model: ${leafStates(lifecycleMachine).size} states, ${machineEdges(lifecycleMachine).size} edges, ${paths.length} paths`,
    );
  });

  it.each(
    paths.map(
      (path) => [path.steps.map((step) => step.event.type).join(' > ') || '(initial)', path.steps] as const,
    ),
  )('the real service actor follows the path %s', async (_name, steps) => {
    await execute(steps as Step[]);
  });
});
