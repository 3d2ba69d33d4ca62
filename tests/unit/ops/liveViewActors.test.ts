import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup } from 'xstate';
import { LiveView } from '../../../src/ops/liveView.js';

/** A child that records why it failed in its context, as the lifecycle machine does. */
const child = setup({
  types: { context: {} as { error: unknown }, events: {} as { type: 'FAIL'; error: unknown } },
}).createMachine({
  id: 'child',
  initial: 'RUNNING',
  context: { error: undefined },
  states: {
    RUNNING: { on: { FAIL: { target: 'FAILED', actions: assign({ error: ({ event }) => event.error }) } } },
    FAILED: {},
  },
});

const parent = setup({ actors: { child, step: fromPromise(async () => 1) } }).createMachine({
  id: 'parent',
  initial: 'SUPERVISING',
  states: {
    SUPERVISING: {
      invoke: [
        { src: 'child', id: 'feed', systemId: 'feed' },
        { src: 'step', id: 'step' },
      ],
    },
  },
});

describe('LiveView actors', () => {
  it('places children under their parent and leaves promise steps out of the actor list', () => {
    const view = new LiveView();
    createActor(parent, { systemId: 'orchestrator', inspect: (event) => view.record(event) }).start();
    const actors = view
      .state()
      .actors.map(({ name, parent: above, machine }) => ({ name, above, machine }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(actors).toEqual([
      { name: 'feed', above: 'orchestrator', machine: 'child' },
      { name: 'orchestrator', above: undefined, machine: 'parent' },
    ]);
    expect(Object.keys(view.state().machines).sort()).toEqual(['child', 'parent']);
    expect(view.machineVersion).toBe(2);
  });

  it.each([
    ['a string', 'feed down', 'feed down'],
    ['an Error', new Error('socket closed'), 'socket closed'],
    ['an object', { code: 42 }, '{"code":42}'],
  ])('shows the error in the context when it is %s, once per failure', (_kind, error, text) => {
    const view = new LiveView();
    const actor = createActor(child, { systemId: 'feed', inspect: (event) => view.record(event) }).start();
    actor.send({ type: 'FAIL', error });
    actor.send({ type: 'FAIL', error });
    const [feed] = view.state().actors;
    expect(feed).toMatchObject({ state: 'FAILED', error: text, failures: 1 });
    expect(view.state().timeline.map((entry) => entry.text)).toEqual([`feed failed: ${text}`]);
  });

  it('counts an actor stopped by an error it did not handle as a failure with the error message', async () => {
    const view = new LiveView();
    const crashing = setup({
      actors: {
        work: fromPromise(async () => {
          throw new Error('work exploded');
        }),
      },
    }).createMachine({
      id: 'crashing',
      initial: 'RUNNING',
      states: { RUNNING: { invoke: { src: 'work' } } },
    });
    const actor = createActor(crashing, { systemId: 'worker', inspect: (event) => view.record(event) });
    const stopped = new Promise<void>((resolve) => actor.subscribe({ error: () => resolve() }));
    actor.start();
    await stopped;
    expect(view.state().actors[0]).toMatchObject({ status: 'error', error: 'work exploded', failures: 1 });
  });

  it('tells its listeners of every change until they unsubscribe', () => {
    const view = new LiveView();
    let changes = 0;
    const unsubscribe = view.onChange(() => {
      changes++;
    });
    const actor = createActor(child, { inspect: (event) => view.record(event) }).start();
    const seen = changes;
    expect(seen).toBeGreaterThan(0);
    unsubscribe();
    actor.send({ type: 'FAIL', error: 'x' });
    expect(changes).toBe(seen);
  });
});
