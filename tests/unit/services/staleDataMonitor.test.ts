import { describe, expect, it } from 'vitest';
import { StaleDataMonitor } from '../../../src/services/staleDataMonitor.js';
import { createServiceHarness, MINUTE, T0 } from './serviceFixtures.js';

/** The monitor over EURUSD 1 and 5 minutes, with a 180 s limit on the 1-minute series; the 5-minute one defaults. */
function setup(blocked?: string[]) {
  const harness = createServiceHarness();
  const changes: string[][] = [];
  const monitor = new StaleDataMonitor(harness.io, {
    symbols: ['EURUSD'],
    timeframes: ['1', '5'],
    staleAfter: { '1': 180 },
    blocked,
    onChange: (symbols) => changes.push(symbols),
  });
  const last = (one: number, five: number) =>
    new Map([
      ['EURUSD|1', one],
      ['EURUSD|5', five],
    ]);
  const kinds = () => harness.bus.published.map((event) => event.type);
  return { ...harness, monitor, changes, last, kinds };
}

describe('StaleDataMonitor', () => {
  it('blocks the symbol once when a timeframe has no new candle beyond its limit, naming it in health', () => {
    const { monitor, clock, changes, last, kinds, bus } = setup();
    monitor.check(last(T0, T0));
    clock.increment(4 * MINUTE);
    monitor.check(last(T0, T0));
    monitor.check(last(T0, T0));
    expect(kinds()).toEqual(['TradingBlockedEvent']);
    expect(bus.publishedOf('TradingBlockedEvent')[0]).toMatchObject({
      symbol: 'EURUSD',
      reasons: ['stale_data'],
    });
    expect(changes).toEqual([['EURUSD']]);
    expect(monitor.blockedSymbols()).toEqual(['EURUSD']);
    expect(monitor.health()).toEqual({
      healthy: false,
      reason: 'stale data: EURUSD 1 (no new candle for 240 s, limit 180 s)',
    });
  });

  it('gives a timeframe without a configured limit three bars', () => {
    const { monitor, clock, last, kinds } = setup();
    monitor.check(last(T0, T0));
    for (let minute = 1; minute <= 15; minute++) {
      clock.increment(MINUTE);
      monitor.check(last(T0 + minute * MINUTE, T0));
    }
    expect(kinds()).toEqual([]);
    clock.increment(MINUTE);
    monitor.check(last(T0 + 16 * MINUTE, T0));
    expect(monitor.health()).toMatchObject({
      reason: 'stale data: EURUSD 5 (no new candle for 960 s, limit 900 s)',
    });
  });

  it('authorizes the symbol on its first new candle and gives every timeframe a full window again', () => {
    const { monitor, clock, changes, last, kinds, bus } = setup();
    monitor.check(last(T0, T0));
    clock.increment(20 * MINUTE);
    monitor.check(last(T0, T0));
    monitor.check(last(T0 + 20 * MINUTE, T0));
    expect(kinds()).toEqual(['TradingBlockedEvent', 'TradingAuthorizedEvent']);
    expect(bus.publishedOf('TradingAuthorizedEvent')[0]).toMatchObject({ reason: 'fresh_data' });
    expect(changes).toEqual([['EURUSD'], []]);
    expect(monitor.health()).toEqual({ healthy: true });
    // The 5-minute series, silent for 20 minutes, was given a fresh window: still not stale 10 minutes on.
    clock.increment(10 * MINUTE);
    monitor.check(last(T0 + 30 * MINUTE, T0));
    expect(kinds()).toHaveLength(2);
  });

  it('checkTimes reads the times by position as check reads them by key (NaN: no candle yet)', () => {
    const { monitor, clock, kinds } = setup(['EURUSD']);
    monitor.checkTimes([[Number.NaN, Number.NaN]]);
    expect(kinds()).toEqual([]);
    monitor.checkTimes([[T0, Number.NaN]]);
    expect(kinds()).toEqual(['TradingAuthorizedEvent']);
    clock.increment(4 * MINUTE);
    monitor.checkTimes([[T0, Number.NaN]]);
    expect(kinds()).toEqual(['TradingAuthorizedEvent', 'TradingBlockedEvent']);
    monitor.checkTimes([[T0 + 4 * MINUTE, Number.NaN]]);
    expect(kinds()).toEqual(['TradingAuthorizedEvent', 'TradingBlockedEvent', 'TradingAuthorizedEvent']);
  });

  it('keeps a symbol blocked before a restart blocked until a new candle, not merely until a check', () => {
    const { monitor, last, kinds } = setup(['EURUSD']);
    expect(monitor.blockedSymbols()).toEqual(['EURUSD']);
    monitor.check(new Map());
    expect(kinds()).toEqual([]);
    expect(monitor.health()).toMatchObject({ healthy: false });
    monitor.check(last(T0, T0));
    expect(kinds()).toEqual(['TradingAuthorizedEvent']);
  });
});
