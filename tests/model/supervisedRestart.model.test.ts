import { describe, expect, it } from 'vitest';
import { ModelTestError, serviceLifecycleModel, supervisionModel } from '../../src/testing.js';
import { type RecordingState, recordingService } from '../support/recordingService.js';

/** The supervised restart path of the lifecycle model for one service, run on its own. */
async function superviseOnce(
  extra: Parameters<typeof recordingService>[2],
  journal: string[] = [],
): Promise<ModelTestError | undefined> {
  const model = serviceLifecycleModel(() => recordingService('data_fetching', journal, extra), {
    patienceMs: 300,
  });
  return model.supervised[0]!.run().then(
    () => undefined,
    (error: unknown) => error as ModelTestError,
  );
}

const edge = 'FAILED --supervisor restarts it with fresh state--> RUNNING (under the orchestrator)';

describe('the supervised restart path of the tradestate/testing kit', () => {
  it('passes a temporary service that is not restarted after its handler throws', async () => {
    const journal: string[] = [];
    expect(await superviseOnce({ restart: 'temporary' }, journal)).toBeUndefined();
    expect(journal.filter((line) => line.startsWith('init:'))).toEqual(['init:data_fetching#1']);
  });

  it('fails, by edge name, a service that hands the failed instance state back on restart', async () => {
    const shared: RecordingState = { instance: 1, handled: [] };
    const error = await superviseOnce({ initialize: () => shared });
    expect(error).toBeInstanceOf(ModelTestError);
    expect(error?.message).toBe(
      `data_fetching: edge "${edge}" failed: the restarted service got the failed instance state back instead of fresh state`,
    );
  });

  it('fails, by edge name, a service that cannot initialize again, saying how often it tried', async () => {
    let calls = 0;
    const error = await superviseOnce({
      initialize: () => {
        calls += 1;
        if (calls > 1) throw new Error('connection refused');
        return { instance: calls, handled: [] };
      },
    });
    expect(error).toBeInstanceOf(ModelTestError);
    expect(error?.message).toMatch(
      new RegExp(
        `^data_fetching: edge "${edge.replace(/[()]/g, '\\$&')}" failed: after its handler threw, initialize ran \\d+ time\\(s\\) and the service is \\w+ after 300 ms \\(expected a second initialize and RUNNING\\)$`,
      ),
    );
  });
});

describe('the supervision model of the tradestate/testing kit', () => {
  /** alpha is well behaved; beta initializes once and then refuses, so it never comes back. */
  const services = () => {
    let initializations = 0;
    return [
      recordingService('alpha'),
      recordingService('beta', [], {
        initialize: () => {
          initializations += 1;
          if (initializations > 1) throw new Error('connection refused');
          return { instance: initializations, handled: [] };
        },
      }),
    ];
  };

  it('fails the path of a service that does not come back, saying what each service did', async () => {
    const model = supervisionModel(services, { strategies: ['one_for_one'], patienceMs: 300 });
    const report = await model.run();

    expect(report.passed).toEqual(['one_for_one: alpha fails --> restart alpha']);
    expect(report.failures.map((failure) => failure.path)).toEqual([
      'one_for_one: beta fails --> restart beta',
    ]);
    expect(report.failures[0]!.message).toMatch(
      /failed: expected a restart of beta \(start order alpha, beta\); after 300 ms: alpha: 1× initialize, RUNNING; beta: \d+× initialize, \w+$/,
    );
    await expect(model.assert()).rejects.toBeInstanceOf(ModelTestError);
  });
});
