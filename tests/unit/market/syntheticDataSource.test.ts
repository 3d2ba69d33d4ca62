import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { SyntheticDataSource, type SyntheticPhase } from '../../../src/market/syntheticDataSource.js';

const start = '2025-01-06T00:00:00Z';
const take = (source: SyntheticDataSource, symbol: string, count: number): Candle[] =>
  Array.from({ length: count }, () => source.next(symbol));

describe('SyntheticDataSource', () => {
  it('produces identical bars for the same seed and symbol', () => {
    const first = take(
      new SyntheticDataSource({ seed: 42, start, baseTimeframeMinutes: 1 }),
      'EURUSD',
      2_000,
    );
    const second = take(
      new SyntheticDataSource({ seed: 42, start, baseTimeframeMinutes: 1 }),
      'EURUSD',
      2_000,
    );
    expect(second).toEqual(first);
  });

  it('produces different bars for a different seed', () => {
    const first = take(new SyntheticDataSource({ seed: 42, start, baseTimeframeMinutes: 1 }), 'EURUSD', 50);
    const other = take(new SyntheticDataSource({ seed: 43, start, baseTimeframeMinutes: 1 }), 'EURUSD', 50);
    expect(other.map((bar) => bar.close)).not.toEqual(first.map((bar) => bar.close));
  });

  it('gives each symbol its own stream, unaffected by the order symbols are asked for', () => {
    const interleaved = new SyntheticDataSource({ seed: 7, start, baseTimeframeMinutes: 1 });
    const eurusd: Candle[] = [];
    for (let index = 0; index < 500; index += 1) {
      eurusd.push(interleaved.next('EURUSD'));
      interleaved.next('GBPUSD');
    }
    const alone = take(new SyntheticDataSource({ seed: 7, start, baseTimeframeMinutes: 1 }), 'EURUSD', 500);
    expect(eurusd).toEqual(alone);
    // Same generic profile and seed, different names: the walks must still differ.
    const source = new SyntheticDataSource({ seed: 7, start, baseTimeframeMinutes: 1 });
    const returns = (symbol: string) => take(source, symbol, 100).map((bar) => bar.close / bar.open);
    expect(returns('AAAUSD')).not.toEqual(returns('BBBUSD'));
  });

  it('keeps OHLC consistent, prices positive, volume positive and opens at the previous close over 100k bars', () => {
    const source = new SyntheticDataSource({ seed: 11, start, baseTimeframeMinutes: 1 });
    let previous = source.next('EURUSD');
    let violations = 0;
    for (let index = 0; index < 100_000; index += 1) {
      const bar = source.next('EURUSD');
      if (
        !(bar.high >= Math.max(bar.open, bar.close)) ||
        !(bar.low <= Math.min(bar.open, bar.close)) ||
        !(bar.low > 0) ||
        !(bar.volume > 0) ||
        !Number.isInteger(bar.volume) ||
        bar.open !== previous.close ||
        bar.time !== previous.time + 60_000
      ) {
        violations += 1;
      }
      previous = bar;
    }
    expect(violations).toBe(0);
  });

  it('starts EURUSD near 1.08, quotes to a tenth of a pip, and stays in a plausible band', () => {
    const source = new SyntheticDataSource({ seed: 5, start, baseTimeframeMinutes: 1 });
    const bars = take(source, 'EURUSD', 20_000);
    expect(bars[0]!.open).toBe(1.08);
    expect(bars[0]!.time).toBe(Date.parse(start));
    for (const bar of bars.slice(0, 1_000)) expect(Math.round(bar.close * 1e5) / 1e5).toBe(bar.close);
    const closes = bars.map((bar) => bar.close);
    expect(Math.min(...closes)).toBeGreaterThan(0.9);
    expect(Math.max(...closes)).toBeLessThan(1.3);
    // A quiet-ish FX minute: the median bar range is a fraction of a pip to a few pips.
    const ranges = bars.map((bar) => bar.high - bar.low).sort((a, b) => a - b);
    expect(ranges[10_000]!).toBeGreaterThan(0.00002);
    expect(ranges[10_000]!).toBeLessThan(0.001);
  });

  it('uses sensible defaults for USDJPY and a generic profile for unknown symbols, and accepts overrides', () => {
    const source = new SyntheticDataSource({
      seed: 1,
      start,
      baseTimeframeMinutes: 5,
      symbols: { GBPUSD: { price: 1.3, pipSize: 0.0001 } },
    });
    expect(source.next('USDJPY').open).toBe(150);
    expect(source.profile('USDJPY').pipSize).toBe(0.01);
    expect(source.next('GBPUSD').open).toBe(1.3);
    expect(source.profile('XYZ')).toMatchObject({ price: 1, pipSize: 0.0001 });
    expect(source.next('XYZ').time).toBe(Date.parse(start));
    expect(source.next('XYZ').time).toBe(Date.parse(start) + 5 * 60_000);
  });

  it('cycles through all four phases, each lasting within the configured bounds', () => {
    const source = new SyntheticDataSource({
      seed: 9,
      start,
      baseTimeframeMinutes: 1,
      phaseBars: { min: 100, max: 600 },
    });
    const runs: Array<{ phase: SyntheticPhase; length: number }> = [];
    for (let index = 0; index < 100_000; index += 1) {
      source.next('EURUSD');
      const phase = source.phase('EURUSD')!;
      const last = runs[runs.length - 1];
      if (last?.phase === phase) last.length += 1;
      else runs.push({ phase, length: 1 });
    }
    expect(new Set(runs.map((run) => run.phase))).toEqual(
      new Set(['trending_up', 'trending_down', 'ranging', 'volatile']),
    );
    const complete = runs.slice(1, -1);
    expect(complete.every((run) => run.length >= 100 && run.length <= 600)).toBe(true);
  });

  it('moves prices in the direction of a trending phase and widens ranges in a volatile one', () => {
    const source = new SyntheticDataSource({ seed: 21, start, baseTimeframeMinutes: 1 });
    const drift: Record<string, number[]> = { trending_up: [], trending_down: [], ranging: [], volatile: [] };
    const range: Record<string, number[]> = { trending_up: [], trending_down: [], ranging: [], volatile: [] };
    for (let index = 0; index < 200_000; index += 1) {
      const bar = source.next('EURUSD');
      const phase = source.phase('EURUSD')!;
      drift[phase]!.push(Math.log(bar.close / bar.open));
      range[phase]!.push(bar.high - bar.low);
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(drift.trending_up!)).toBeGreaterThan(0);
    expect(mean(drift.trending_down!)).toBeLessThan(0);
    expect(mean(range.volatile!)).toBeGreaterThan(2 * mean(range.ranging!));
  });

  it('never reports exhaustion and rejects a bad start or timeframe', () => {
    const source = new SyntheticDataSource({ seed: 1, start: 0, baseTimeframeMinutes: 1 });
    expect(source.isExhausted('EURUSD')).toBe(false);
    expect(source.phase('EURUSD')).toBeUndefined();
    expect(() => new SyntheticDataSource({ seed: 1, start: 'soon', baseTimeframeMinutes: 1 })).toThrow(
      RangeError,
    );
    expect(() => new SyntheticDataSource({ seed: 1, start: 0, baseTimeframeMinutes: 0 })).toThrow(RangeError);
  });
});
