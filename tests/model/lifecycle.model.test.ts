import { describe, expect, it } from 'vitest';
import { lifecycleMachine } from '../../src/machines/lifecycleMachine.js';
import { ModelTestError, machineEdges, serviceLifecycleModel } from '../../src/testing.js';
import { recordingService } from '../support/recordingService.js';

describe('lifecycle machine, model-based (tradestate/testing kit against a real service actor)', () => {
  const journal: string[] = [];
  const model = serviceLifecycleModel(() => recordingService('data_fetching', journal), {
    patienceMs: 3_000,
  });

  it('generated paths take every edge of the lifecycle machine', () => {
    const covered = new Set(model.paths.flatMap((path) => path.edges));
    expect(machineEdges(lifecycleMachine).filter((edge) => !covered.has(edge))).toEqual([]);
    expect(model.paths.length).toBeGreaterThanOrEqual(machineEdges(lifecycleMachine).length);
  });

  it.each(model.paths.map((path) => [path.name, path] as const))(
    'the real service actor follows %s',
    async (_name, path) => {
      await path.run();
    },
  );

  it('under the orchestrator a failed service is restarted and initializes fresh state', async () => {
    journal.length = 0;
    await model.supervised[0]!.run();
    expect(journal.filter((line) => line.startsWith('init:'))).toHaveLength(2);
  });

  it('a service whose initialize always throws fails the edge "initialize succeeds", by name', async () => {
    const broken = serviceLifecycleModel(
      () =>
        recordingService('data_fetching', [], {
          initialize: () => {
            throw new Error('cannot connect');
          },
        }),
      { patienceMs: 200 },
    );
    const report = await broken.run();
    const failed = new Set(report.failures.map((failure) => failure.edge));
    expect(failed).toContain('INITIALIZING --initialize succeeds--> RUNNING');
    expect(report.failures[0]!.message).toMatch(
      /the service is FAILED \(error: cannot connect\), expected RUNNING/,
    );
    await expect(broken.assert()).rejects.toBeInstanceOf(ModelTestError);
  });
});
