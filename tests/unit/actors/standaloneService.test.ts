import { describe, expect, it } from 'vitest';
import { createServiceActor } from '../../../src/actors/createServiceActor.js';
import { defineService } from '../../../src/actors/defineService.js';
import { ServiceNotRunningError } from '../../../src/actors/serviceNotRunningError.js';
import { MockEventBus } from '../../../src/bus/mockEventBus.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../support/actors/serviceFixtures.js';

const deps = () => ({ bus: new MockEventBus(), clock: new SimulatedClock(0), logger: silentLogger });

describe('createServiceActor: one service without a supervisor', () => {
  it('runs its cycles once started, reports its own metrics and stops as STOPPED after its shutdown', async () => {
    const journal: string[] = [];
    const counter = defineService({
      name: 'counter',
      displayName: 'CounterService',
      initialize: () => ({ cycles: 0 }),
      onCycle: (state) => {
        state.cycles += 1;
      },
      shutdown: (state) => {
        journal.push(`shutdown after ${state.cycles}`);
      },
      metrics: (state) => ({ cycles_run: state.cycles }),
    });
    const service = createServiceActor(counter, deps());
    await service.started;
    await service.runCycle();
    await service.runCycle();
    expect(service.getMetrics()).toMatchObject({ cycles_run: 2 });
    expect(await service.stop()).toBe('STOPPED');
    expect(journal).toEqual(['shutdown after 2']);
  });

  it('rejects `started` with the initialization error, and refuses cycles naming the state', async () => {
    const broken = defineService({
      name: 'broken',
      displayName: 'BrokenService',
      initialize: (): { ready: boolean } => {
        throw new Error('no feed configured');
      },
    });
    const service = createServiceActor(broken, deps());
    await expect(service.started).rejects.toThrow('no feed configured');
    const refusal = service.runCycle();
    await expect(refusal).rejects.toBeInstanceOf(ServiceNotRunningError);
    await expect(refusal).rejects.toThrow(/^service broken is FAILED, not RUNNING$/);
  });

  it('fails a service whose initialization outlasts initTimeoutMs', async () => {
    const clock = new SimulatedClock(0);
    const slow = defineService({
      name: 'slow',
      displayName: 'SlowService',
      initialize: () => new Promise<{ ready: boolean }>(() => undefined),
    });
    const service = createServiceActor(slow, { ...deps(), clock }, { initTimeoutMs: 1_000 });
    clock.increment(1_000);
    await expect(service.started).rejects.toThrow('initialization timed out after 1000 ms');
  });
});
