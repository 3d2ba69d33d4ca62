import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createActor, createMachine, sendTo, setup } from 'xstate';
import { EventBus } from '../../../src/bus/eventBus.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import { activeStateIds, machineToStateTree } from '../../../src/machines/machineToStateTree.js';
import { orchestratorMachine } from '../../../src/machines/orchestratorMachine.js';
import { LiveView } from '../../../src/ops/liveView.js';
import { untilInterrupted } from '../../../src/ops/untilInterrupted.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const job = createMachine({
  id: 'job',
  initial: 'RUNNING',
  context: { error: undefined as string | undefined },
  states: {
    RUNNING: { on: { CRASH: { target: 'FAILED', actions: () => undefined } } },
    FAILED: { type: 'final', entry: () => undefined },
  },
});

describe('LiveView', () => {
  it('names actors by systemId, counts a new instance under the same name as a restart and a FAILED state as a failure', () => {
    const view = new LiveView();
    const first = createActor(job, { systemId: 'worker', inspect: (event) => view.record(event) }).start();
    first.send({ type: 'CRASH' });
    createActor(job, { systemId: 'worker', inspect: (event) => view.record(event) }).start();
    const state = view.state();
    expect(state.actors).toEqual([
      expect.objectContaining({
        name: 'worker',
        machine: 'job',
        state: 'RUNNING',
        active: ['job.RUNNING'],
        restarts: 1,
        failures: 1,
      }),
    ]);
    expect(state.timeline.map((entry) => entry.text)).toEqual([
      'worker failed: unknown error',
      'worker restarted (fresh instance #2)',
    ]);
    expect(state.machines.job?.children.map((child) => child.key)).toEqual(['RUNNING', 'FAILED']);
    expect(state.actorEvents.map((event) => event.type)).toEqual(['CRASH']);
  });

  it('lists the bus events it watches with their correlation ids, newest last, at most 50', () => {
    const view = new LiveView();
    const bus = new EventBus({ mode: 'sync', logger: pino({ level: 'silent' }) });
    const unwatch = view.watchBus(bus);
    const events = new EventFactory(new SimulatedClock(0), createIdGenerator(7));
    const published = Array.from({ length: 60 }, (_, index) =>
      events.create('ServiceStateChangedEvent', {
        service: `s${index}`,
        from: 'INITIALIZING',
        to: 'RUNNING',
        reason: 'test',
      }),
    );
    for (const event of published) bus.publish(event);
    unwatch();
    bus.publish(published[0]!);
    const shown = view.state().busEvents;
    expect(shown).toHaveLength(50);
    expect(shown.at(-1)).toMatchObject({
      type: 'ServiceStateChangedEvent',
      correlationId: published[59]!.correlationId,
      detail: 's59',
    });
  });
});

describe('LiveView details', () => {
  it('shows a bus event by its symbol when it names no service, and without detail when it names neither', () => {
    const view = new LiveView();
    const bus = new EventBus({ mode: 'sync', logger: pino({ level: 'silent' }) });
    view.watchBus(bus);
    const events = new EventFactory(new SimulatedClock(0), createIdGenerator(7));
    const bar = { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 };
    bus.publish(events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }));
    bus.publish(events.create('EndOfDataEvent', { reason: 'exhausted', candles: 1 }));
    const [candle, end] = view.state().busEvents;
    expect(candle).toMatchObject({ type: 'NewCandleEvent', detail: 'EURUSD' });
    expect(end).toMatchObject({ type: 'EndOfDataEvent' });
    expect(end).not.toHaveProperty('detail');
  });

  it('names the sender of an event one actor sends another, and shows a nested state as JSON', () => {
    const worker = createMachine({
      id: 'worker',
      initial: 'IDLE',
      states: { IDLE: { on: { WORK: 'BUSY' } }, BUSY: { initial: 'FETCHING', states: { FETCHING: {} } } },
    });
    const boss = setup({ actors: { worker } }).createMachine({
      id: 'boss',
      invoke: { src: 'worker', id: 'worker', systemId: 'worker' },
      on: { GO: { actions: sendTo('worker', { type: 'WORK' }) } },
    });
    const view = new LiveView();
    const actor = createActor(boss, { systemId: 'boss', inspect: (event) => view.record(event) }).start();
    actor.send({ type: 'GO' });

    expect(view.state().actorEvents.map(({ actor, type, from }) => ({ actor, type, from }))).toEqual([
      { actor: 'boss', type: 'GO', from: undefined },
      { actor: 'worker', type: 'WORK', from: 'boss' },
    ]);
    const shown = view.state().actors.find((each) => each.name === 'worker');
    expect(shown).toMatchObject({
      state: '{"BUSY":"FETCHING"}',
      active: ['worker.BUSY', 'worker.BUSY.FETCHING'],
    });
  });
});

describe('machineToStateTree and activeStateIds', () => {
  it('draws parallel regions as children and names the active states of a nested value', () => {
    const running = machineToStateTree(orchestratorMachine).children.find(
      (child) => child.key === 'RUNNING',
    )!;
    expect(running.type).toBe('parallel');
    expect(running.children.map((child) => child.key)).toEqual(['supervision', 'health']);
    const supervising = running.children[0]!.children.find((child) => child.key === 'SUPERVISING')!;
    expect(supervising.transitions).toContainEqual({
      event: 'a child fails [isServiceExit]',
      target: 'DECIDING',
    });
    // Eventless transitions too: what DECIDING does next is decided by guards alone.
    const deciding = running.children[0]!.children.find((child) => child.key === 'DECIDING')!;
    expect(deciding.transitions).toContainEqual({ event: 'always [needsRestart]', target: 'BACKOFF' });
    expect(deciding.transitions).toContainEqual({ event: 'always', target: 'SUPERVISING' });
    expect(
      activeStateIds('orchestrator', { RUNNING: { supervision: 'BACKOFF', health: 'WAITING' } }),
    ).toEqual([
      'orchestrator.RUNNING',
      'orchestrator.RUNNING.supervision',
      'orchestrator.RUNNING.supervision.BACKOFF',
      'orchestrator.RUNNING.health',
      'orchestrator.RUNNING.health.WAITING',
    ]);
  });
});

describe('untilInterrupted', () => {
  it('resolves with the first signal and removes its listeners', async () => {
    const listeners = new Map<string, () => void>();
    const source = {
      on: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => listeners.set(signal, listener),
      off: (signal: 'SIGINT' | 'SIGTERM') => listeners.delete(signal),
    };
    const waiting = untilInterrupted(source);
    expect([...listeners.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
    listeners.get('SIGTERM')!();
    expect(await waiting).toBe('SIGTERM');
    expect(listeners.size).toBe(0);
  });
});
