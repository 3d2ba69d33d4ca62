import { describe, expect, it } from 'vitest';
import { expectedRestarts, supervisionModel } from '../../src/testing.js';
import { recordingService } from '../support/recordingService.js';

const services = () => [recordingService('alpha'), recordingService('beta'), recordingService('gamma')];

describe('supervision, model-based (tradestate/testing kit against a real TradingOrchestrator)', () => {
  const model = supervisionModel(services, { patienceMs: 3_000 });

  it('has one path per strategy and failing service, named by what must restart', () => {
    expect(model.paths).toHaveLength(9);
    expect(model.paths.map((path) => path.name)).toContain(
      'rest_for_one: beta fails --> restart beta, gamma',
    );
    expect(model.paths.map((path) => path.name)).toContain(
      'one_for_all: gamma fails --> restart alpha, beta, gamma',
    );
  });

  it.each(model.paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    await path.run();
  });

  it('a temporary service is not restarted, and a temporary sibling is stopped and left stopped', async () => {
    expect(expectedRestarts('one_for_all', 'beta', ['alpha', 'beta'], new Set(['alpha']))).toEqual({
      restarted: ['beta'],
      gone: ['alpha'],
    });
    const withTemporary = supervisionModel(
      () => [recordingService('alpha', [], { restart: 'temporary' }), recordingService('beta')],
      { strategies: ['one_for_all', 'one_for_one'], patienceMs: 3_000 },
    );
    const report = await withTemporary.run();
    expect(report.failures).toEqual([]);
    expect(report.passed).toContain('one_for_one: alpha fails --> no restart');
  });
});
