import { describe, expect, it } from 'vitest';
import type { Candle } from '../../src/events/candle.js';
import type { TradingEvent } from '../../src/events/tradingEvents.js';
import type { DataSource } from '../../src/market/dataSource.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { silentLogger, T0, vBars } from './tradingCycleSupport.js';

/** A live feed on the simulated clock: a bar is available once it has closed; `silent` minutes never come. */
class ClockFeed implements DataSource {
  readonly name = 'clock-feed';
  readonly baseTimeframe = '1';
  private index = 0;
  constructor(
    private readonly clock: SimulatedClock,
    private readonly bars: Candle[],
  ) {}
  next(): Candle | undefined {
    const bar = this.bars[this.index];
    if (bar === undefined || this.clock.now() < bar.time + 60_000) return undefined;
    this.index += 1;
    return bar;
  }
  isExhausted(): boolean {
    return this.index >= this.bars.length;
  }
}

const minute = 60_000;

async function liveRun(staleAfter: Record<string, number>) {
  // Minutes 0-19, then nothing for ten minutes, then minutes 30-49.
  const bars = vBars(30, 20).filter((_, index) => index < 20 || index >= 30);
  const clock = new SimulatedClock(T0 + minute);
  const system = await createTradingSystem(
    {
      trading: { timeframes: ['1'] },
      services: { data_fetching: { fetch_interval: 60, stale_after: staleAfter } },
    },
    { mode: 'live', clock, dataSource: new ClockFeed(clock, bars), logger: silentLogger() },
  );
  const seen: Array<{ minute: number; event: TradingEvent }> = [];
  system.bus.subscribe('*', (event) => {
    if (event.type === 'TradingBlockedEvent' || event.type === 'TradingAuthorizedEvent')
      seen.push({ minute: (clock.now() - T0) / minute, event });
  });
  const health: Array<[number, boolean]> = [];
  await system.run({
    maxCandles: 40,
    onCycle: () => {
      health.push([(clock.now() - T0) / minute, system.getServiceHealth().data_fetching?.healthy ?? false]);
    },
  });
  await system.stop();
  return { seen, health, system };
}

describe('stale data (live mode on the simulated clock)', () => {
  it('blocks trading with stale_data after stale_after without a new candle, and authorizes on the first fresh one', async () => {
    const { seen, health } = await liveRun({ '1': 180 });
    const fromData = seen.filter(
      ({ event }) =>
        (event.type === 'TradingBlockedEvent' &&
          event.reasons.join() === 'stale_data' &&
          !event.causationId) ||
        (event.type === 'TradingAuthorizedEvent' && event.reason === 'fresh_data'),
    );
    // Last candle (minute 19) seen at minute 20; 180 s later is minute 23, stale once more than that has passed.
    expect(fromData.map(({ minute, event }) => [minute, event.type])).toEqual([
      [24, 'TradingBlockedEvent'],
      [31, 'TradingAuthorizedEvent'],
    ]);
    // The executor took the block: it announced its own change of authorization, both ways.
    const execution = seen
      .filter(({ event }) => event.causationId !== undefined)
      .map(({ event }) => event.type);
    expect(execution).toEqual(['TradingBlockedEvent', 'TradingAuthorizedEvent']);
    // Sampled before each cycle (the clock already moved on by fetch_interval): unhealthy from the check at
    // minute 24 up to the fresh candle at minute 31.
    const unhealthy = health.filter(([, healthy]) => !healthy).map(([at]) => at - 1);
    expect(unhealthy).toEqual([24, 25, 26, 27, 28, 29, 30]);
  });

  it('uses the stale_after of the timeframe: a longer limit never blocks on a ten-minute gap', async () => {
    const { seen, health } = await liveRun({ '1': 900 });
    expect(seen).toEqual([]);
    expect(health.every(([, healthy]) => healthy)).toBe(true);
  });

  it('defaults stale_after to three bars of the timeframe', async () => {
    const { seen } = await liveRun({});
    expect(seen.map(({ minute, event }) => [minute, event.type]).slice(0, 1)).toEqual([
      [24, 'TradingBlockedEvent'],
    ]);
  });
});
