import { describe, expect, it } from 'vitest';
import type { IndicatorRow } from '../../../src/events/candle.js';
import { type StrategyDecision, StrategyEngine } from '../../../src/strategies/strategyEngine.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { SeededRandom } from '../../../src/util/random.js';
import { MINUTE, strategyConfig, T0 } from './rows.js';
import { confirmAll } from './scriptedStrategy.js';

const REGIMES = ['trending_up', 'trending_down', 'ranging', 'volatile', 'unknown'];
const WINDOW = 6;

/** A noisy price walk with indicator columns that cross often; the first 3 rows are warming up. */
function randomRows(random: SeededRandom, count: number): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  let close = 1.1;
  let fast = close;
  let slow = close;
  let rsi = 50;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(0.5, close + random.normal() * 0.0006);
    fast += (close - fast) * 0.4;
    slow += (close - slow) * 0.1;
    rsi = Math.min(99, Math.max(1, rsi + random.normal() * 15));
    const band = 0.0004 + random.next() * 0.0008;
    rows.push({
      time: T0 + i * MINUTE,
      open,
      high: Math.max(open, close) + random.next() * 0.0006,
      low: Math.min(open, close) - random.next() * 0.0006,
      close,
      volume: 100,
      indicators:
        i < 3
          ? {}
          : {
              ema_fast: fast,
              ema_slow: slow,
              rsi,
              atr: 0.0002 + random.next() * 0.0004,
              bb_upper: slow + band,
              bb_lower: slow - band,
            },
      regime: REGIMES[random.integer(REGIMES.length)] ?? 'unknown',
    });
  }
  return rows;
}

/** Every row after `t` changed at random (times kept, so the candle sequence stays valid). */
function alterAfter(rows: readonly IndicatorRow[], t: number, random: SeededRandom): IndicatorRow[] {
  return rows.map((original, i) => {
    if (i <= t) return original;
    const close = original.close * (1 + random.normal() * 0.01);
    const indicators: Record<string, number> = {};
    for (const [key, value] of Object.entries(original.indicators))
      indicators[key] = value * (1 + random.normal() * 0.02);
    if (random.next() < 0.2) delete indicators.rsi;
    return {
      ...original,
      open: close,
      high: close * (1 + random.next() * 0.002),
      low: close * (1 - random.next() * 0.002),
      close,
      indicators,
      regime: REGIMES[random.integer(REGIMES.length)] ?? 'unknown',
    };
  });
}

function newEngine(): StrategyEngine {
  const config = strategyConfig({
    min_rows_required: 3,
    cooldown_bars: 1,
    strategies: [
      { name: 'ema', type: 'ema_crossover', stop_loss_atr: 2, take_profit_atr: 3, max_holding_bars: 15 },
      {
        name: 'ema_confirmed',
        type: 'ema_crossover',
        params: { confirm_bars: 1 },
        regimes: ['trending_up', 'trending_down'],
      },
      {
        name: 'rsi',
        type: 'rsi_mean_reversion',
        stop_loss_atr: 1.5,
        take_profit_atr: 2,
        max_holding_bars: 10,
      },
      { name: 'bb', type: 'bollinger_breakout', stop_loss_atr: 1, max_holding_bars: 8 },
    ],
  });
  return new StrategyEngine(config, StrategyRegistry.withBuiltins(), {
    symbols: ['EURUSD'],
    defaultTimeframe: '1',
  });
}

/**
 * Runs the engine candle by candle, as the service would, with every order confirmed at once except a
 * seeded fraction rejected. `peek` hands the engine that many future rows (the negative control).
 */
function run(rows: readonly IndicatorRow[], rejectionSeed: number, peek = 0): StrategyDecision[][] {
  const engine = newEngine();
  const rejections = new SeededRandom(rejectionSeed);
  const out: StrategyDecision[][] = [];
  for (let t = 0; t < rows.length; t++) {
    const end = Math.min(rows.length, t + 1 + peek);
    const decisions = engine.evaluate('EURUSD', '1', rows.slice(Math.max(0, end - WINDOW), end));
    confirmAll(
      engine,
      decisions.filter(() => rejections.next() >= 0.1),
    );
    out.push(decisions);
  }
  return out;
}

describe('no look-ahead', () => {
  const seeds = Array.from({ length: 25 }, (_, index) => 1000 + index);

  it('gives identical decisions up to candle t when every row after t is altered (25 seeded series)', () => {
    let decisionsCompared = 0;
    for (const seed of seeds) {
      const random = new SeededRandom(seed);
      const rows = randomRows(random, 160);
      const t = 20 + random.integer(120);
      const original = run(rows, seed);
      const altered = run(alterAfter(rows, t, random), seed);
      expect(altered.slice(0, t + 1), `seed ${seed}, cut at ${t}`).toEqual(original.slice(0, t + 1));
      decisionsCompared += original.slice(0, t + 1).flat().length;
    }
    // The property means something only if the strategies actually traded before the cut.
    expect(decisionsCompared).toBeGreaterThan(200);
  });

  it('control: the same comparison detects an engine fed a single future row', () => {
    const detected = seeds.filter((seed) => {
      const random = new SeededRandom(seed);
      const rows = randomRows(random, 160);
      const t = 20 + random.integer(120);
      const altered = alterAfter(rows, t, random);
      return (
        JSON.stringify(run(rows, seed, 1).slice(0, t + 1)) !==
        JSON.stringify(run(altered, seed, 1).slice(0, t + 1))
      );
    });
    expect(detected.length).toBeGreaterThan(seeds.length / 2);
  });
});
