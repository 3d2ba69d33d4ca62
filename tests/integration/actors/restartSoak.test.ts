import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { orchestratorFixture } from '../../support/actors/orchestratorFixture.js';
import { crashEvent, settle } from '../../support/actors/serviceFixtures.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('restart soak', () => {
  it('keeps children, system registrations and heap flat over 1,000 restarts', async () => {
    const fixture = orchestratorFixture({
      supervision: { maxRestarts: 1_000_000, backoffInitialMs: 0, backoffMaxMs: 0 },
      historySize: 100,
    });
    const { orchestrator, bus } = fixture;
    await orchestrator.start();
    const crash = async (times: number) => {
      for (let index = 0; index < times; index += 1) {
        bus.publish(crashEvent('indicator_calculation'));
        await settle(1);
        if (orchestrator.getServiceState('indicator_calculation') !== 'RUNNING') await settle(3);
      }
    };
    await crash(100); // warm-up: JIT, history ring full
    const childrenBefore = Object.keys(orchestrator.actor.getSnapshot().children).length;
    const registeredBefore = Object.keys(orchestrator.actor.system.getAll()).length;
    const heapBefore = heapAfterGc();
    await crash(1_000);
    const heapAfter = heapAfterGc();
    const children = Object.keys(orchestrator.actor.getSnapshot().children).length;
    const registered = Object.keys(orchestrator.actor.system.getAll()).length;
    const restarts = orchestrator.actor.getSnapshot().context.restartCounts.indicator_calculation;
    console.info(
      `restart soak: ${restarts} restarts; children ${childrenBefore} -> ${children}; ` +
        `system registrations ${registeredBefore} -> ${registered}; ` +
        `heap ${(heapBefore / 2 ** 20).toFixed(1)} MiB -> ${(heapAfter / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(restarts).toBe(1_100);
    expect(orchestrator.getServiceState('indicator_calculation')).toBe('RUNNING');
    expect(children).toBe(4);
    expect(childrenBefore).toBe(4);
    expect(registered).toBe(5); // orchestrator + 4 services
    expect(heapAfter - heapBefore).toBeLessThan(8 * 2 ** 20);
    await orchestrator.stop();
    expect(Object.keys(orchestrator.actor.system.getAll())).toEqual([]); // the finished root unregisters too
  });
});
