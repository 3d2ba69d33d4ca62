import { describe, expect, it } from 'vitest';
import { ModelTestError, serviceLifecycleModel } from '../../src/testing.js';
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
