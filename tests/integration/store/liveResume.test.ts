import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratchDirectory = scratchDirectories('tradestate-live-resume-');
const storePath = (): string => join(scratchDirectory(), 'run.db');

const fetchInterval = 5;
const start = Date.parse('2025-01-06T00:00:00Z');

const input = (path: string): SystemConfigInput => ({
  store: { path },
  services: { data_fetching: { fetch_interval: fetchInterval } },
  event_bus: { mode: 'sync' },
});

/** The saved last base candle of the run in `path` (what a resume starts from). */
function savedLastCandle(path: string): number {
  const store = TradingStore.open(path);
  try {
    const lastBars = store.loadCheckpoint<Record<string, number>>('data_fetching', 'last_bars') ?? {};
    return Math.max(...Object.values(lastBars));
  } finally {
    store.close();
  }
}

/**
 * A live run on a simulated market clock (each paced cycle advances it by the fetch interval instead of
 * waiting), stopped after `stopAfterCandles` new base candles reach the bus (replayed ones included) or
 * at `maxCandles` counted candles.
 */
async function liveRun(path: string | undefined, maxCandles: number, stopAfterCandles?: number) {
  const clock = new SimulatedClock(start);
  const system = await createTradingSystem(input(path ?? ':memory:'), {
    logger: pino({ level: 'silent' }),
    mode: 'live',
    clock,
    store: path !== undefined,
  });
  let seen = 0;
  system.bus.subscribe('NewCandleEvent', (event) => {
    if (event.timeframe !== system.baseTimeframe) return;
    seen += 1;
    if (seen === stopAfterCandles) void system.stop();
  });
  const summary = await system.run({ maxCandles });
  await system.stop();
  const fills = system.broker.getFills().map((fill) => fill.clientOrderId);
  return { summary, fills, pacedMilliseconds: clock.now() - start };
}

describe('live resume', () => {
  it('replays the checkpointed bars without the fetch interval, then paces the new ones', async () => {
    const path = storePath();
    const uninterrupted = await liveRun(undefined, 400);
    const first = await liveRun(path, 400, 250);
    const restored = first.summary.candles;
    expect(restored).toBeGreaterThan(200);
    expect(restored).toBeLessThan(400);
    const resumed = await liveRun(path, 400);
    expect(resumed.summary.candles).toBe(400);
    // One interval per new candle (give or take the cycle that meets the limit), none for the replay.
    const newCandles = 400 - restored;
    expect(resumed.pacedMilliseconds).toBeGreaterThanOrEqual((newCandles - 1) * fetchInterval * 1000);
    expect(resumed.pacedMilliseconds).toBeLessThanOrEqual((newCandles + 1) * fetchInterval * 1000);
    expect(resumed.fills).toEqual(uninterrupted.fills);
  });

  it('keeps the saved last candle when stopped during the replay, and a later resume still ends right', async () => {
    const path = storePath();
    const uninterrupted = await liveRun(undefined, 400);
    await liveRun(path, 400, 300);
    const saved = savedLastCandle(path);
    // Stopped after 100 of the ~300 replayed candles: nothing is saved for them.
    const interrupted = await liveRun(path, 400, 100);
    expect(savedLastCandle(path)).toBe(saved);
    expect(interrupted.pacedMilliseconds).toBe(0);
    const resumed = await liveRun(path, 400);
    expect(resumed.summary.candles).toBe(400);
    expect(resumed.fills).toEqual(uninterrupted.fills);
  });
});
