import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import type { DataSource } from '../../../src/market/dataSource.js';
import { DataSourceManager } from '../../../src/market/dataSourceManager.js';
import { InvalidBarError } from '../../../src/market/invalidBarError.js';
import { InvalidTimeframeError } from '../../../src/market/invalidTimeframeError.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';

const start = Date.parse('2024-01-02T10:00:00Z');
const minute = 60_000;
const at = (minutes: number) => start + minutes * minute;
const bar = (
  minutes: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): Candle => ({
  time: at(minutes),
  open,
  high,
  low,
  close,
  volume,
});
/** A flat 1-minute bar whose close is `price`; volume 1. */
const flat = (minutes: number, price = 1) => bar(minutes, price, price, price, price, 1);

function managerOver(
  bars: Candle[],
  timeframes = ['1', '5', '60'],
  baseTimeframe = '1',
  historyLimit?: number,
) {
  const source = new IterableDataSource({ EURUSD: bars });
  return new DataSourceManager(source, { timeframes, baseTimeframe, historyLimit });
}

describe('DataSourceManager', () => {
  it('builds a 5-minute bar from five 1-minute bars (hand-checked OHLCV) and closes it on its last minute', async () => {
    const manager = managerOver([
      bar(0, 1.1, 1.105, 1.099, 1.102, 10),
      bar(1, 1.102, 1.108, 1.101, 1.107, 20),
      bar(2, 1.107, 1.107, 1.095, 1.096, 30),
      bar(3, 1.096, 1.1, 1.094, 1.099, 40),
      bar(4, 1.099, 1.103, 1.098, 1.101, 50),
    ]);
    expect(await manager.poll('EURUSD', 4)).toBe(4);
    expect(manager.getStreamData('EURUSD', '5', 3)).toEqual({
      bars: [],
      forming: { time: at(0), open: 1.1, high: 1.108, low: 1.094, close: 1.099, volume: 100 },
    });
    expect(await manager.poll('EURUSD')).toBe(1);
    const { bars, forming } = manager.getStreamData('EURUSD', '5', 3);
    expect(bars).toEqual([{ time: at(0), open: 1.1, high: 1.108, low: 1.094, close: 1.101, volume: 150 }]);
    expect(forming).toBeUndefined();
  });

  it('serves base bars as given, oldest first, capped at nbrBars, and never has a forming base bar', async () => {
    const manager = managerOver([flat(0, 1), flat(1, 2), flat(2, 3), flat(3, 4)]);
    await manager.poll('EURUSD', 10);
    const data = manager.getStreamData('EURUSD', '1', 3);
    expect(data.bars.map((candle) => candle.close)).toEqual([2, 3, 4]);
    expect(data.forming).toBeUndefined();
  });

  it('aggregates 1 -> 5 -> 60: an hour of minute bars makes twelve 5-minute bars and one hourly bar', async () => {
    const bars = Array.from({ length: 61 }, (_, index) =>
      bar(index, 100 + index, 100.5 + index, 99.5 + index, 100 + index, 2),
    );
    const manager = managerOver(bars);
    expect(await manager.poll('EURUSD', 100)).toBe(61);
    const fives = manager.recentBars('EURUSD', '5', 100);
    expect(fives).toHaveLength(12);
    expect(fives[11]).toEqual({ time: at(55), open: 155, high: 159.5, low: 154.5, close: 159, volume: 10 });
    expect(manager.recentBars('EURUSD', '60', 5)).toEqual([
      { time: at(0), open: 100, high: 159.5, low: 99.5, close: 159, volume: 120 },
    ]);
    expect(manager.getStreamData('EURUSD', '60', 5).forming).toEqual(bars[60]);
  });

  it('closes a bar when a later bucket arrives across a gap, and starts the new bucket at its floor', async () => {
    // Minutes 0..2 then nothing until minute 12: the 10:00 5-minute bar is complete only when 10:12 arrives.
    const manager = managerOver([flat(0, 1), flat(1, 2), flat(2, 3), flat(12, 9)]);
    await manager.poll('EURUSD', 3);
    expect(manager.recentBars('EURUSD', '5', 5)).toEqual([]);
    await manager.poll('EURUSD', 1);
    expect(manager.recentBars('EURUSD', '5', 5)).toEqual([
      { time: at(0), open: 1, high: 3, low: 1, close: 3, volume: 3 },
    ]);
    expect(manager.getStreamData('EURUSD', '5', 5).forming).toMatchObject({
      time: at(10),
      open: 9,
      volume: 1,
    });
  });

  it('builds daily bars on UTC-midnight buckets from hourly bars, closing with the 23:00 bar', async () => {
    const hour = 3_600_000;
    const day = Date.parse('2024-01-02T00:00:00Z');
    const hourly = Array.from({ length: 30 }, (_, index) => ({
      time: day + index * hour,
      open: index,
      high: index + 1,
      low: index - 0.5,
      close: index + 0.5,
      volume: 1,
    }));
    const manager = new DataSourceManager(new IterableDataSource({ EURUSD: hourly }), {
      timeframes: ['60', '1440'],
      baseTimeframe: '60',
    });
    await manager.poll('EURUSD', 24);
    expect(manager.recentBars('EURUSD', '1440', 5)).toEqual([
      { time: day, open: 0, high: 24, low: -0.5, close: 23.5, volume: 24 },
    ]);
    await manager.poll('EURUSD', 6);
    expect(manager.getStreamData('EURUSD', '1440', 1).forming).toMatchObject({
      time: day + 24 * hour,
      volume: 6,
    });
  });

  it('returns a copy of the forming bar, so later bars do not change what a caller already holds', async () => {
    const manager = managerOver([flat(0, 1), flat(1, 5)]);
    await manager.poll('EURUSD');
    const forming = manager.getStreamData('EURUSD', '5', 1).forming!;
    await manager.poll('EURUSD');
    expect(forming.high).toBe(1);
    expect(manager.getStreamData('EURUSD', '5', 1).forming!.high).toBe(5);
  });

  it('keeps at most historyLimit closed bars per timeframe', async () => {
    const manager = managerOver(
      Array.from({ length: 50 }, (_, index) => flat(index, index + 1)),
      ['1', '5'],
      '1',
      4,
    );
    await manager.poll('EURUSD', 50);
    expect(manager.recentBars('EURUSD', '1', 100).map((candle) => candle.close)).toEqual([47, 48, 49, 50]);
    expect(manager.recentBars('EURUSD', '5', 100).map((candle) => candle.time)).toEqual([
      at(30),
      at(35),
      at(40),
      at(45),
    ]);
  });

  it('returns 0 from poll and keeps state when the source has nothing now', async () => {
    const manager = managerOver([flat(0)]);
    expect(await manager.poll('EURUSD', 5)).toBe(1);
    expect(await manager.poll('EURUSD', 5)).toBe(0);
    expect(manager.isExhausted('EURUSD')).toBe(true);
    expect(manager.lastTime('EURUSD')).toBe(at(0));
  });

  it('awaits asynchronous sources and serializes concurrent polls of one symbol', async () => {
    // The first answer is the slowest: unserialized polls would accept bar 1 before bar 0 and fail.
    let calls = 0;
    const source: DataSource = {
      name: 'slow-first',
      next: async () => {
        const index = calls++;
        for (let tick = 0; tick < (index === 0 ? 10 : 0); tick += 1) await Promise.resolve();
        return index < 6 ? flat(index, index) : undefined;
      },
      isExhausted: () => calls > 6,
    };
    const manager = new DataSourceManager(source, { timeframes: ['1'], baseTimeframe: '1' });
    const counts = await Promise.all([manager.poll('EURUSD', 3), manager.poll('EURUSD', 3)]);
    expect(counts).toEqual([3, 3]);
    expect(manager.recentBars('EURUSD', '1', 10).map((candle) => candle.close)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects a duplicate or out-of-order base bar with InvalidBarError', async () => {
    const manager = managerOver([flat(0), flat(1), flat(1)]);
    await manager.poll('EURUSD', 2);
    await expect(manager.poll('EURUSD')).rejects.toThrow(InvalidBarError);
    const backwards = managerOver([flat(5), flat(3)]);
    await expect(backwards.poll('EURUSD', 2)).rejects.toThrow(/out of order or duplicate/);
  });

  it('rejects bars closer together than the base timeframe (a source finer than configured)', async () => {
    const manager = managerOver([flat(0), flat(1)], ['5'], '5');
    await expect(manager.poll('EURUSD', 2)).rejects.toThrow(/less than one base timeframe/);
  });

  it('rejects a bar whose high is below its low', async () => {
    const manager = managerOver([bar(0, 1, 0.9, 1.1, 1, 1)]);
    await expect(manager.poll('EURUSD')).rejects.toThrow(/high is below low/);
  });

  it('rejects timeframes that are invalid or not multiples of the base, and unconfigured ones on read', () => {
    const source = new SyntheticDataSource({ seed: 1, start: 0, baseTimeframeMinutes: 5 });
    expect(() => new DataSourceManager(source, { timeframes: ['5', '1h'], baseTimeframe: '5' })).toThrow(
      InvalidTimeframeError,
    );
    expect(() => new DataSourceManager(source, { timeframes: ['5', '7'], baseTimeframe: '5' })).toThrow(
      /not a whole multiple of the base timeframe "5"/,
    );
    const manager = new DataSourceManager(source, { timeframes: ['15'], baseTimeframe: '5' });
    expect(manager.timeframes).toEqual(['5', '15']);
    expect(() => manager.getStreamData('EURUSD', '60', 3)).toThrow(/not configured \(configured: 5, 15\)/);
  });

  it('answers empty data for a symbol never polled', () => {
    const manager = managerOver([]);
    expect(manager.getStreamData('GBPUSD', '5', 3)).toEqual({ bars: [] });
    expect(manager.recentBars('GBPUSD', '60', 3)).toEqual([]);
  });

  it('keeps symbols apart', async () => {
    const source = new SyntheticDataSource({ seed: 3, start: 0, baseTimeframeMinutes: 1 });
    const manager = new DataSourceManager(source, { timeframes: ['1', '5'], baseTimeframe: '1' });
    await manager.poll('EURUSD', 10);
    await manager.poll('USDJPY', 3);
    expect(manager.recentBars('EURUSD', '1', 100)).toHaveLength(10);
    expect(manager.recentBars('USDJPY', '1', 100)).toHaveLength(3);
    expect(manager.recentBars('USDJPY', '1', 1)[0]!.close).toBeGreaterThan(50);
  });

  it('answers each series while reads alternate between symbols and timeframes', async () => {
    const source = new SyntheticDataSource({ seed: 3, start: 0, baseTimeframeMinutes: 1 });
    const manager = new DataSourceManager(source, { timeframes: ['1', '5'], baseTimeframe: '1' });
    await manager.poll('EURUSD', 10);
    expect(manager.recentBars('USDJPY', '1', 100)).toEqual([]);
    await manager.poll('USDJPY', 3);
    for (let round = 0; round < 2; round++) {
      expect(manager.recentBars('EURUSD', '1', 100)).toHaveLength(10);
      expect(manager.recentBars('EURUSD', '5', 100)).toHaveLength(2);
      expect(manager.recentBars('USDJPY', '1', 100)).toHaveLength(3);
      expect(manager.recentBars('USDJPY', '5', 100)).toEqual([]);
    }
    expect(() => manager.recentBars('USDJPY', '60', 3)).toThrow(InvalidTimeframeError);
  });
});
