import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { TradingAuthorizer } from '../../../src/execution/tradingAuthorizer.js';
import { account, at, makeConfig } from './executionFixtures.js';

const authorizer = (risk: SystemConfigInput['risk']) => {
  const config = makeConfig({}, { max_drawdown_percent: 20, max_daily_loss: 1e9, ...risk });
  return new TradingAuthorizer(config.trading, config.risk);
};
const entryAt = (iso: string) => ({ symbol: 'EURUSD', time: at(iso), size: 0.1, intent: 'open' as const });
/** Restarts from a checkpoint: a new authorizer restored from the old one's snapshot, through JSON. */
const restarted = (from: TradingAuthorizer, risk: SystemConfigInput['risk']) => {
  const next = authorizer(risk);
  next.restore(JSON.parse(JSON.stringify(from.snapshot())));
  return next;
};

describe('TradingAuthorizer drawdown state across a restart', () => {
  it('a halt stays a halt after a restart, though equity has recovered, and names when it happened', () => {
    const before = authorizer({});
    expect(before.snapshot()).toEqual({});
    before.check(entryAt('2025-01-06T10:00:00Z'), account({ peakEquity: 10_000, equity: 7_900 }), []);
    expect(before.snapshot()).toEqual({ halt: { drawdown: 21, time: at('2025-01-06T10:00:00Z') } });
    const after = restarted(before, {});
    const verdict = after.check(
      entryAt('2025-01-08T10:00:00Z'),
      account({ peakEquity: 10_000, equity: 9_990 }),
      [],
    );
    expect(verdict.allowed).toBe(false);
    expect(verdict.details[0]).toMatch(/^max_drawdown: 21\.00% >= limit 20% on 2025-01-06T10:00:00\.000Z; /);
  });

  it('with on_max_drawdown resume, the cool-off started before the restart still ends on time', () => {
    const risk: SystemConfigInput['risk'] = { on_max_drawdown: 'resume', drawdown_cooloff_hours: 24 };
    const before = authorizer(risk);
    const down = account({ peakEquity: 10_000, equity: 7_900 });
    before.check(entryAt('2025-01-06T10:00:00Z'), down, []);
    expect(before.snapshot()).toEqual({ drawdownSince: at('2025-01-06T10:00:00Z') });
    const after = restarted(before, risk);
    expect(after.check(entryAt('2025-01-07T09:59:00Z'), down, []).allowed).toBe(false);
    expect(after.check(entryAt('2025-01-07T10:00:00Z'), down, []).allowed).toBe(true);
    // The new peak (7,900) is part of the state a later restart restores.
    const again = restarted(after, risk);
    expect(again.snapshot()).toMatchObject({ resetPeak: 7_900 });
    expect(
      again.check(entryAt('2025-01-07T12:00:00Z'), account({ peakEquity: 10_000, equity: 6_320 }), [])
        .allowed,
    ).toBe(false);
  });
});
