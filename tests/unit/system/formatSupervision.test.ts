import { describe, expect, it } from 'vitest';
import { formatSupervision } from '../../../src/system/formatSupervision.js';
import { quietSupervision } from '../../support/supervisionSummaries.js';

const ok = quietSupervision;

describe('formatSupervision', () => {
  it('prints nothing when no service failed', () => {
    expect(formatSupervision(ok)).toBe('');
  });

  it('says every service restarted after a recovery, with each one aligned and its last error', () => {
    const text = formatSupervision({
      ...ok,
      status: 'recovered',
      exit_code: 4,
      failures: 2,
      restarts: 2,
      services: {
        strategy_evaluation: { failures: 1, restarts: 1, state: 'RUNNING', last_error: 'boom' },
        data_fetching: { failures: 1, restarts: 1, state: 'RUNNING', last_error: null },
      },
      affected_period: { from: '2025-01-06T10:00:00.000Z', to: '2025-01-06T10:05:00.000Z' },
    });
    expect(text.split('\n')).toEqual([
      'Supervision      recovered (exit code 4): 2 failure(s), every service restarted',
      '  strategy_evaluation  RUNNING after 1 failure(s), 1 restart(s); last error: boom',
      '  data_fetching        RUNNING after 1 failure(s), 1 restart(s); last error: none',
      '  affected         2025-01-06T10:00:00.000Z to 2025-01-06T10:05:00.000Z',
      '',
    ]);
  });

  it("leads with the escalation's reason when supervision gave up", () => {
    const text = formatSupervision({
      ...ok,
      status: 'degraded',
      exit_code: 3,
      escalation: { service: 'x', reason: 'restart intensity exceeded', last_error: 'boom', at: null },
    });
    expect(text).toBe('Supervision      degraded (exit code 3): restart intensity exceeded\n');
  });

  it('says a service was left down when it degraded without an escalation', () => {
    expect(formatSupervision({ ...ok, status: 'degraded', exit_code: 3 })).toMatch(
      /^Supervision {6}degraded \(exit code 3\): a service was left down\n$/,
    );
  });
});
