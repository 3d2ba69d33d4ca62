import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EquityRecorder } from '../../../src/backtest/equityRecorder.js';
import { EquityChunks } from '../../../src/store/equityChunks.js';
import { applyMigrations, migrations } from '../../../src/store/migrations.js';
import { TradingStore } from '../../../src/store/tradingStore.js';

const point = (time: number, equity = 10_000 + time / 7, in_market = time % 3 === 0) => ({
  time,
  balance: 10_000 + Math.floor(time / 5) * 0.1,
  equity,
  in_market,
});

function columnsOf(points: ReturnType<typeof point>[]) {
  return {
    time: Float64Array.from(points, (each) => each.time),
    balance: Float64Array.from(points, (each) => each.balance),
    equity: Float64Array.from(points, (each) => each.equity),
    inMarket: Uint8Array.from(points, (each) => (each.in_market ? 1 : 0)),
  };
}

describe('EquityChunks', () => {
  it('gives back exactly the points it packed, in order', () => {
    const points = Array.from({ length: 1_000 }, (_, index) => point(1_736_121_600_000 + index * 60_000));
    expect(
      EquityChunks.decode([EquityChunks.encode(points.slice(0, 10)), EquityChunks.encode(points.slice(10))]),
    ).toEqual(points);
  });

  it('packs points held as columns compactly and gives back exactly the same points, beside plain chunks', () => {
    const points = Array.from({ length: 100 }, (_, index) => point(1_736_121_600_000 + index * 60_000));
    const columns = columnsOf(points);
    const compact = EquityChunks.encodeColumns(columns, 10, 60);
    expect(compact.byteLength).toBeLessThan(EquityChunks.encode(points.slice(10, 60)).byteLength);
    expect(
      EquityChunks.decode([
        EquityChunks.encode(points.slice(0, 10)),
        compact,
        EquityChunks.encodeColumns(columns, 60, 100),
      ]),
    ).toEqual(points);
  });

  it('gives back the exact numbers of repeated, irregular and odd values (-0, NaN, gaps, equity = balance)', () => {
    const points = [
      { time: 0, balance: 1, equity: 1, in_market: false },
      { time: 60, balance: 1, equity: 1, in_market: false },
      { time: 120, balance: -0, equity: 0, in_market: true },
      { time: 180, balance: 0, equity: -0, in_market: true },
      { time: 500, balance: 0, equity: -0, in_market: false },
      { time: 820, balance: Number.NaN, equity: Number.NaN, in_market: false },
      { time: 1140, balance: Number.NaN, equity: 2, in_market: true },
      { time: 1140.5, balance: 3, equity: 2, in_market: true },
      { time: 1e15, balance: 3, equity: 3, in_market: false },
      { time: 1e15 + 1, balance: 3, equity: 3, in_market: false },
    ];
    const decoded = EquityChunks.decode([EquityChunks.encodeColumns(columnsOf(points), 0, points.length)]);
    expect(decoded).toHaveLength(points.length);
    decoded.forEach((each, index) => {
      const expected = points[index]!;
      expect(Object.is(each.time, expected.time), `time ${index}`).toBe(true);
      expect(Object.is(each.balance, expected.balance), `balance ${index}`).toBe(true);
      expect(Object.is(each.equity, expected.equity), `equity ${index}`).toBe(true);
      expect(each.in_market).toBe(expected.in_market);
    });
    expect(EquityChunks.decode([EquityChunks.encodeColumns(columnsOf(points), 3, 3)])).toEqual([]);
  });

  it('stores an equity recorder’s points from any index across its blocks as saving them one by one does', () => {
    const store = TradingStore.open(':memory:');
    const recorder = new EquityRecorder();
    const points = Array.from({ length: 70_000 }, (_, index) => point(index + 1));
    for (const each of points.slice(0, 5)) recorder.push(each);
    store.saveEquityColumns(recorder.columns(0));
    for (const each of points.slice(5)) recorder.push(each);
    store.saveEquityColumns(recorder.columns(5));
    expect(store.equityCurve()).toEqual(points);
    store.close();
  });

  it('lets a point saved again for the same time replace the earlier one, and puts older rows first', () => {
    const rows = [point(1), point(2)];
    const decoded = EquityChunks.decode(
      [EquityChunks.encode([point(3), point(4)]), EquityChunks.encode([point(2, 1), point(4, 2)])],
      rows,
    );
    expect(decoded).toEqual([point(1), point(2, 1), point(3), point(4, 2)]);
  });

  it('reads an older store’s rows before the chunks saved after the upgrade', () => {
    const directory = mkdtempSync(join(tmpdir(), 'equity-chunks-'));
    try {
      const path = join(directory, 'store.db');
      const db = new Database(path);
      applyMigrations(
        db,
        path,
        migrations.filter((step) => step.version <= 2),
      );
      const insert = db.prepare(
        'INSERT INTO equity_curve (time, balance, equity, in_market) VALUES (?, ?, ?, ?)',
      );
      for (const each of [point(1), point(2)])
        insert.run(each.time, each.balance, each.equity, each.in_market ? 1 : 0);
      db.close();
      const store = TradingStore.open(path);
      const later = Array.from({ length: EquityChunks.capacity + 5 }, (_, index) => point(3 + index));
      store.saveEquityPoints(later);
      expect(store.equityCurve()).toEqual([point(1), point(2), ...later]);
      store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
