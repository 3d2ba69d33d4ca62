import { describe, expect, it } from 'vitest';
import { assertReport, type RunnablePath, runPaths } from '../../../src/testing/modelReport.js';
import { ModelTestError } from '../../../src/testing/modelTestError.js';

const edges = new Map([
  ['idle|START', 'idle --START--> running'],
  ['running|FAIL', 'running --FAIL--> failed'],
  ['failed|RESTART', 'failed --RESTART--> running'],
]);

function path(name: string, takes: string[], outcome: 'passes' | 'fails'): RunnablePath {
  return {
    name,
    edge: edges.get(takes.at(-1)!)!,
    edges: takes,
    run: async () => {
      if (outcome === 'fails') throw new ModelTestError(`${name}: the service stayed idle`, [name]);
    },
  };
}

describe('runPaths and assertReport', () => {
  it('marks the edges of passing paths covered, and passes a report where every edge is', async () => {
    const report = await runPaths(
      [
        path('start', ['idle|START'], 'passes'),
        path('fail and restart', ['idle|START', 'running|FAIL', 'failed|RESTART'], 'passes'),
      ],
      edges,
    );
    expect(report.edges.every((edge) => edge.covered)).toBe(true);
    expect(report.passed).toEqual(['start', 'fail and restart']);
    expect(assertReport(report)).toBe(report);
    expect(report.summary().split('\n').at(-1)).toBe('3/3 edges covered, 2 paths passed, 0 failed');
  });

  it("does not count a failing path's edges, and names the failed edge and the uncovered ones", async () => {
    const report = await runPaths(
      [path('start', ['idle|START'], 'passes'), path('fail', ['idle|START', 'running|FAIL'], 'fails')],
      edges,
    );
    expect(report.failures).toEqual([
      { path: 'fail', edge: 'running --FAIL--> failed', message: 'fail: the service stayed idle' },
    ]);
    expect(report.summary().split('\n')).toEqual([
      '✓ idle --START--> running',
      '✗ running --FAIL--> failed',
      '✗ failed --RESTART--> running',
      'FAILED fail: the service stayed idle',
      '1/3 edges covered, 1 paths passed, 1 failed',
    ]);
    const error = (() => {
      try {
        assertReport(report);
      } catch (caught) {
        return caught as ModelTestError;
      }
    })();
    expect(error).toBeInstanceOf(ModelTestError);
    expect(error?.message).toBe(
      'fail: the service stayed idle\nedges no passing path covered: running --FAIL--> failed; failed --RESTART--> running',
    );
    expect(error?.edges).toEqual(['running --FAIL--> failed']);
  });

  it('names the uncovered edges as the failed ones when no path failed', async () => {
    const report = await runPaths([path('start', ['idle|START'], 'passes')], edges);
    expect(() => assertReport(report)).toThrow(
      expect.objectContaining({ edges: ['running --FAIL--> failed', 'failed --RESTART--> running'] }),
    );
  });
});
