import { describe, expect, it } from 'vitest';
import {
  affectedServices,
  backoffDelay,
  decideRestart,
  type ExitSituation,
  pruneHistory,
  type SupervisionPolicy,
  shouldRestart,
} from '../../../src/machines/supervisionPolicy.js';

const order = ['trade_execution', 'strategy_evaluation', 'indicator_calculation', 'data_fetching'];
const policy: SupervisionPolicy = {
  strategy: 'one_for_one',
  maxRestarts: 3,
  windowMs: 60_000,
  backoffInitialMs: 100,
  backoffMaxMs: 1_000,
  onIntensityExceeded: 'degrade',
};
const situation = (over: Partial<ExitSituation> = {}): ExitSituation => ({
  service: 'strategy_evaluation',
  kind: 'failed',
  order,
  restartTypes: {},
  live: order.filter((name) => name !== 'strategy_evaluation'),
  history: [],
  now: 1_000_000,
  ...over,
});

describe('supervisionPolicy', () => {
  it('restarts only the failed service under one_for_one, after the initial backoff', () => {
    const decision = decideRestart(policy, situation());
    expect(decision).toEqual({
      action: 'restart',
      stop: [],
      start: ['strategy_evaluation'],
      delayMs: 100,
      history: [{ at: 1_000_000, bar: 0 }],
    });
  });

  it('stops every other live service in reverse order and restarts all in start order under one_for_all', () => {
    const decision = decideRestart({ ...policy, strategy: 'one_for_all' }, situation());
    expect(decision.action === 'restart' && decision.stop).toEqual([
      'data_fetching',
      'indicator_calculation',
      'trade_execution',
    ]);
    expect(decision.action === 'restart' && decision.start).toEqual(order);
  });

  it('takes down the failed service and those started after it under rest_for_one', () => {
    const decision = decideRestart({ ...policy, strategy: 'rest_for_one' }, situation());
    expect(decision.action === 'restart' && decision.stop).toEqual([
      'data_fetching',
      'indicator_calculation',
    ]);
    expect(decision.action === 'restart' && decision.start).toEqual([
      'strategy_evaluation',
      'indicator_calculation',
      'data_fetching',
    ]);
  });

  it('does not restart a live temporary sibling taken down by one_for_all', () => {
    const decision = decideRestart(
      { ...policy, strategy: 'one_for_all' },
      situation({ restartTypes: { data_fetching: 'temporary' } }),
    );
    expect(decision.action === 'restart' && decision.stop).toContain('data_fetching');
    expect(decision.action === 'restart' && decision.start).not.toContain('data_fetching');
  });

  it('applies restart types: permanent always, transient only after a failure, temporary never', () => {
    expect(shouldRestart('permanent', 'stopped')).toBe(true);
    expect(shouldRestart('transient', 'failed')).toBe(true);
    expect(shouldRestart('transient', 'stopped')).toBe(false);
    expect(shouldRestart('temporary', 'failed')).toBe(false);
    expect(
      decideRestart(policy, situation({ restartTypes: { strategy_evaluation: 'temporary' } })).action,
    ).toBe('none');
  });

  it('escalates when the restarts within the window reach max_restarts, ignoring older ones', () => {
    const now = 1_000_000;
    const at = (times: number[]) => times.map((time) => ({ at: time, bar: 0 }));
    const full = at([now - 3_000, now - 2_000, now - 1_000]);
    expect(decideRestart(policy, situation({ history: full, now })).action).toBe('escalate');
    const partlyOld = at([now - 70_000, now - 2_000, now - 1_000]);
    const decision = decideRestart(policy, situation({ history: partlyOld, now }));
    expect(decision.action).toBe('restart');
    expect(decision.action === 'restart' && decision.history).toEqual(at([now - 2_000, now - 1_000, now]));
    expect(pruneHistory(partlyOld, now, 0, policy)).toEqual(at([now - 2_000, now - 1_000]));
  });

  it('escalates a fault on every bar of a replay, although the restarts are far apart in control time', () => {
    const bars = { ...policy, windowMs: 0, windowBars: 100 };
    // One restart per bar, an hour of control time apart: only the bar window sees them together.
    const history = [10, 11, 12].map((bar, index) => ({ at: index * 3_600_000, bar }));
    const decision = decideRestart(bars, situation({ history, now: 4 * 3_600_000, bar: 13 }));
    expect(decision.action).toBe('escalate');
    expect(decision.action === 'escalate' && decision.reason).toBe(
      'restart intensity exceeded: 3 restarts within 100 bars (max 3)',
    );
  });

  it('escalates a crash loop that makes no market progress, whatever the control time between restarts', () => {
    const bars = { ...policy, windowMs: 0, windowBars: 100 };
    const history = [0, 1, 2].map((index) => ({ at: index * 3_600_000, bar: 500 }));
    expect(decideRestart(bars, situation({ history, now: 4 * 3_600_000, bar: 500 })).action).toBe('escalate');
  });

  it('restarts sporadic faults that are more than the bar window apart, however fast the replay runs', () => {
    const bars = { ...policy, windowMs: 0, windowBars: 100 };
    const history = [100, 250, 400].map((bar) => ({ at: bar / 1_000, bar }));
    const decision = decideRestart(bars, situation({ history, now: 0.55, bar: 550 }));
    expect(decision.action).toBe('restart');
    expect(decision.action === 'restart' && decision.delayMs).toBe(100);
    expect(decision.action === 'restart' && decision.history).toEqual([{ at: 0.55, bar: 550 }]);
  });

  it('escalates on whichever window is exceeded first when both are counted', () => {
    const both = { ...policy, windowMs: 60_000, windowBars: 100 };
    // Far apart in bars (slow market), close in control time: the time window escalates.
    const history = [0, 1_000, 2_000].map((bar, index) => ({ at: 1_000 * index, bar }));
    const decision = decideRestart(both, situation({ history, now: 3_000, bar: 3_000 }));
    expect(decision.action === 'escalate' && decision.reason).toBe(
      'restart intensity exceeded: 3 restarts within 60 s (max 3)',
    );
  });

  it('escalates at the first failure when max_restarts is 0', () => {
    expect(decideRestart({ ...policy, maxRestarts: 0 }, situation()).action).toBe('escalate');
  });

  it('doubles the backoff with each recent restart and caps it at backoff_max_ms', () => {
    expect([0, 1, 2, 3, 4, 60].map((n) => backoffDelay(n, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('lists a service missing from the order on its own under rest_for_one', () => {
    expect(affectedServices('rest_for_one', 'extra', order)).toEqual(['extra']);
  });
});
