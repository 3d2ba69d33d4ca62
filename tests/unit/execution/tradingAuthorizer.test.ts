import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Position } from '../../../src/execution/broker.js';
import { NewsWindowError } from '../../../src/execution/newsWindowError.js';
import { TradingAuthorizer } from '../../../src/execution/tradingAuthorizer.js';
import { account, at, makeConfig } from './executionFixtures.js';

const authorizer = (trading: SystemConfigInput['trading'] = {}, risk: SystemConfigInput['risk'] = {}) => {
  const config = makeConfig(trading, risk);
  return new TradingAuthorizer(config.trading, config.risk);
};
const open = (time: string, symbol = 'EURUSD', size = 0.1) => ({
  symbol,
  time: at(time),
  size,
  intent: 'open' as const,
});
const position = (strategyName: string): Position => ({
  symbol: 'EURUSD',
  strategyName,
  direction: 'long',
  size: 0.1,
  entryPrice: 1.1,
  entryTime: 0,
  clientOrderId: strategyName,
  unrealizedPnl: 0,
});

describe('TradingAuthorizer', () => {
  it('allows an entry when nothing is configured against it', () => {
    expect(authorizer().check(open('2025-01-06T10:00:00Z'), account(), [])).toEqual({
      allowed: true,
      reasons: [],
      details: [],
    });
  });

  describe('news_block', () => {
    const news = authorizer({
      news_blocks: [
        { start: '2025-01-06T13:25:00Z', end: '2025-01-06T13:45:00Z', symbols: ['EURUSD'] },
        { start: '2025-01-06T18:00:00Z', end: '2025-01-06T18:30:00Z' },
      ],
    });

    it('blocks inside a window [start, end) that names the symbol', () => {
      expect(news.check(open('2025-01-06T13:24:59Z'), account(), []).allowed).toBe(true);
      expect(news.check(open('2025-01-06T13:25:00Z'), account(), []).reasons).toEqual(['news_block']);
      expect(news.check(open('2025-01-06T13:44:59Z'), account(), []).reasons).toEqual(['news_block']);
      expect(news.check(open('2025-01-06T13:45:00Z'), account(), []).allowed).toBe(true);
    });

    it('does not block a symbol the window does not name; a window without symbols blocks all', () => {
      expect(news.check(open('2025-01-06T13:30:00Z', 'USDJPY'), account(), []).allowed).toBe(true);
      expect(news.check(open('2025-01-06T18:10:00Z', 'USDJPY'), account(), []).reasons).toEqual([
        'news_block',
      ]);
    });

    it('throws NewsWindowError for a window that cannot be read or ends before it starts', () => {
      expect(() => authorizer({ news_blocks: [{ start: 'soon', end: '2025-01-06T13:45:00Z' }] })).toThrow(
        NewsWindowError,
      );
      expect(() =>
        authorizer({ news_blocks: [{ start: '2025-01-06T14:00:00Z', end: '2025-01-06T13:00:00Z' }] }),
      ).toThrow(NewsWindowError);
    });
  });

  describe('session_closed', () => {
    it('blocks outside a day session [08:00, 16:00)', () => {
      const day = authorizer({ sessions: [{ start: '08:00', end: '16:00' }] });
      expect(day.check(open('2025-01-06T07:59:00Z'), account(), []).reasons).toEqual(['session_closed']);
      expect(day.check(open('2025-01-06T08:00:00Z'), account(), []).allowed).toBe(true);
      expect(day.check(open('2025-01-06T15:59:00Z'), account(), []).allowed).toBe(true);
      expect(day.check(open('2025-01-06T16:00:00Z'), account(), []).reasons).toEqual(['session_closed']);
    });

    it('handles a window that wraps midnight [22:00, 06:00)', () => {
      const night = authorizer({ sessions: [{ start: '22:00', end: '06:00' }] });
      expect(night.check(open('2025-01-06T23:30:00Z'), account(), []).allowed).toBe(true);
      expect(night.check(open('2025-01-07T05:59:00Z'), account(), []).allowed).toBe(true);
      expect(night.check(open('2025-01-07T06:00:00Z'), account(), []).reasons).toEqual(['session_closed']);
      expect(night.check(open('2025-01-06T21:59:00Z'), account(), []).reasons).toEqual(['session_closed']);
    });

    it('opens when any of several sessions is open', () => {
      const two = authorizer({
        sessions: [
          { start: '01:00', end: '02:00' },
          { start: '12:00', end: '13:00' },
        ],
      });
      expect(two.check(open('2025-01-06T12:30:00Z'), account(), []).allowed).toBe(true);
      expect(two.check(open('2025-01-06T03:00:00Z'), account(), []).allowed).toBe(false);
    });
  });

  describe('risk_breach', () => {
    it('max_position_size: refuses an order larger than the limit', () => {
      const verdict = authorizer({}, { max_position_size: 1 }).check(
        open('2025-01-06T10:00:00Z', 'EURUSD', 1.01),
        account(),
        [],
      );
      expect(verdict.reasons).toEqual(['risk_breach']);
      expect(verdict.details[0]).toMatch(/^max_position_size/);
      expect(
        authorizer({}, { max_position_size: 1 }).check(
          open('2025-01-06T10:00:00Z', 'EURUSD', 1),
          account(),
          [],
        ).allowed,
      ).toBe(true);
    });

    it('max_open_positions: refuses a new position when the limit is reached across strategies', () => {
      const limited = authorizer({}, { max_open_positions: 2 });
      expect(limited.check(open('2025-01-06T10:00:00Z'), account(), [position('a')]).allowed).toBe(true);
      const verdict = limited.check(open('2025-01-06T10:00:00Z'), account(), [position('a'), position('b')]);
      expect(verdict.reasons).toEqual(['risk_breach']);
      expect(verdict.details).toEqual(['max_open_positions: 2 open >= limit 2']);
    });

    it("max_daily_loss: counts today's realized loss plus the unrealized loss, not unrealized gains", () => {
      const limited = authorizer({}, { max_daily_loss: 100 });
      const now = open('2025-01-06T15:00:00Z');
      expect(limited.check(now, account({ dailyRealizedPnl: -99.99 }), []).allowed).toBe(true);
      expect(limited.check(now, account({ dailyRealizedPnl: -103.8 }), []).details).toEqual([
        'max_daily_loss: loss 103.80 >= limit 100',
      ]);
      expect(limited.check(now, account({ dailyRealizedPnl: -60, unrealizedPnl: -45 }), []).reasons).toEqual([
        'risk_breach',
      ]);
      expect(limited.check(now, account({ dailyRealizedPnl: -60, unrealizedPnl: 200 }), []).allowed).toBe(
        true,
      );
    });

    it("max_daily_loss: yesterday's realized loss does not count after the UTC midnight", () => {
      const limited = authorizer({}, { max_daily_loss: 100 });
      const yesterday = account({ dailyRealizedPnl: -103.8, dayStart: at('2025-01-06T00:00:00Z') });
      expect(limited.check(open('2025-01-06T23:59:00Z'), yesterday, []).allowed).toBe(false);
      expect(limited.check(open('2025-01-07T00:00:00Z'), yesterday, []).allowed).toBe(true);
    });

    it('max_drawdown: refuses at or beyond the limit percent below the equity peak', () => {
      const limited = authorizer({}, { max_drawdown_percent: 20, max_daily_loss: 1e9 });
      const now = open('2025-01-06T10:00:00Z');
      expect(limited.check(now, account({ peakEquity: 10_000, equity: 8_000.01 }), []).allowed).toBe(true);
      const verdict = limited.check(now, account({ peakEquity: 10_000, equity: 8_000 }), []);
      expect(verdict.reasons).toEqual(['risk_breach']);
      // The detail names the limit, the values, when it happened and what follows (halt by default).
      expect(verdict.details).toEqual([
        'max_drawdown: 20.00% >= limit 20% on 2025-01-06T10:00:00.000Z; new entries halted for the rest of the run (risk.on_max_drawdown: halt)',
      ]);
      const recovered = limited.check(now, account({ peakEquity: 10_000, equity: 9_900 }), []);
      expect(recovered.allowed).toBe(false);
    });

    it('max_drawdown with on_max_drawdown resume: allows entries again after the cool-off, from a new peak', () => {
      const limited = authorizer(
        {},
        {
          max_drawdown_percent: 20,
          max_daily_loss: 1e9,
          on_max_drawdown: 'resume',
          drawdown_cooloff_hours: 24,
        },
      );
      const down = account({ peakEquity: 10_000, equity: 7_900 });
      const blocked = limited.check(open('2025-01-06T10:00:00Z'), down, []);
      expect(blocked.details[0]).toMatch(/^max_drawdown: 21\.00% >= limit 20%; resumes after 24 h/);
      expect(limited.check(open('2025-01-07T09:59:00Z'), down, []).allowed).toBe(false);
      expect(limited.check(open('2025-01-07T10:00:00Z'), down, []).allowed).toBe(true);
      // The limit now applies from 7,900: 20 % below it is 6,320.
      expect(
        limited.check(open('2025-01-07T11:00:00Z'), account({ peakEquity: 10_000, equity: 6_400 }), [])
          .allowed,
      ).toBe(true);
      expect(
        limited.check(open('2025-01-07T12:00:00Z'), account({ peakEquity: 10_000, equity: 6_320 }), [])
          .allowed,
      ).toBe(false);
    });

    it('names every breached limit under one risk_breach reason', () => {
      const verdict = authorizer({}, { max_open_positions: 1, max_daily_loss: 100 }).check(
        open('2025-01-06T10:00:00Z'),
        account({ dailyRealizedPnl: -200 }),
        [position('a')],
      );
      expect(verdict.reasons).toEqual(['risk_breach']);
      expect(verdict.details.map((detail) => detail.split(':')[0])).toEqual([
        'max_open_positions',
        'max_daily_loss',
      ]);
    });
  });

  it('reports every reason at once, in a fixed order', () => {
    const all = authorizer(
      {
        sessions: [{ start: '08:00', end: '09:00' }],
        news_blocks: [{ start: '2025-01-06T13:00:00Z', end: '2025-01-06T14:00:00Z' }],
      },
      { max_open_positions: 1 },
    );
    expect(all.check(open('2025-01-06T13:30:00Z'), account(), [position('a')]).reasons).toEqual([
      'news_block',
      'session_closed',
      'risk_breach',
    ]);
  });

  it('reasonsOf gives the joined reasons of check without details; explainLast then gives the same verdict', () => {
    const config = {
      sessions: [{ start: '08:00', end: '09:00' }],
      news_blocks: [{ start: '2025-01-06T13:00:00Z', end: '2025-01-06T14:00:00Z' }],
    };
    const request = open('2025-01-06T13:30:00Z');
    const positions = [position('a')];
    const expected = authorizer(config, { max_open_positions: 1 }).check(request, account(), positions);
    const probing = authorizer(config, { max_open_positions: 1 });
    expect(probing.reasonsOf(request, account(), positions)).toBe('news_block,session_closed,risk_breach');
    expect(probing.explainLast(request, account(), positions)).toEqual(expected);
    expect(probing.reasonsOf(open('2025-01-06T08:30:00Z'), account(), [])).toBe('');
    expect(probing.explainLast(open('2025-01-06T08:30:00Z'), account(), [])).toEqual({
      allowed: true,
      reasons: [],
      details: [],
    });
  });

  it('always allows a closing order, even with every block active', () => {
    const all = authorizer(
      {
        sessions: [{ start: '08:00', end: '09:00' }],
        news_blocks: [{ start: '2025-01-06T13:00:00Z', end: '2025-01-06T14:00:00Z' }],
      },
      { max_open_positions: 1, max_daily_loss: 1 },
    );
    const close = { ...open('2025-01-06T13:30:00Z', 'EURUSD', 5), intent: 'close' as const };
    expect(
      all.check(close, account({ dailyRealizedPnl: -500, equity: 1, peakEquity: 10_000 }), [position('a')])
        .allowed,
    ).toBe(true);
  });
});

describe('TradingAuthorizer per-instrument sessions', () => {
  it('uses a symbol’s own sessions instead of the global ones', () => {
    const config = makeConfig({
      sessions: [{ start: '00:00', end: '00:00' }],
      instruments: { MSFT: { asset_class: 'stock', sessions: [{ start: '14:30', end: '21:00' }] } },
    });
    const authorizer = new TradingAuthorizer(config.trading, config.risk);
    const request = (symbol: string, iso: string) => ({
      symbol,
      time: Date.parse(iso),
      size: 0,
      intent: 'open' as const,
    });
    const fresh = account();
    expect(authorizer.check(request('MSFT', '2025-01-06T10:00:00Z'), fresh, []).reasons).toEqual([
      'session_closed',
    ]);
    expect(authorizer.check(request('MSFT', '2025-01-06T15:00:00Z'), fresh, []).allowed).toBe(true);
    expect(authorizer.check(request('EURUSD', '2025-01-06T10:00:00Z'), fresh, []).allowed).toBe(true);
  });
});
