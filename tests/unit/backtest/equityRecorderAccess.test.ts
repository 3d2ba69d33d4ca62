import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EquityRecorder } from '../../../src/backtest/equityRecorder.js';
import type { EquityPoint } from '../../../src/backtest/performanceSummary.js';
import { equityCsv, equityCsvColumns } from '../../../src/backtest/reportWriter.js';

function curveOf(count: number): EquityRecorder {
  const curve = new EquityRecorder();
  for (let index = 0; index < count; index++)
    curve.push({
      time: index * 60_000,
      balance: 1000 + index,
      equity: 1000.5 + index,
      in_market: index % 2 === 0,
    });
  return curve;
}

describe('EquityRecorder access', () => {
  it('answers at() only for whole indexes inside the curve', () => {
    const curve = curveOf(3);
    expect(curve.at(2)).toEqual({ time: 120_000, balance: 1002, equity: 1002.5, in_market: true });
    for (const index of [-1, 3, 1.5, Number.NaN]) expect(curve.at(index)).toBeUndefined();
  });

  it('replaces the newest point, and does nothing on an empty curve', () => {
    const curve = curveOf(2);
    const closed: EquityPoint = { time: 60_000, balance: 990, equity: 990, in_market: false };
    curve.replaceLast(closed);
    expect(curve.toArray()).toEqual([curveOf(1).at(0), closed]);
    const empty = new EquityRecorder();
    empty.replaceLast(closed);
    expect(empty.length).toBe(0);
  });

  it('clips range() to the curve', () => {
    const curve = curveOf(4);
    expect([...curve.range(-5, 2)].map((point) => point.balance)).toEqual([1000, 1001]);
    expect([...curve.range(3, 99)].map((point) => point.balance)).toEqual([1003]);
  });

  it('view: `in` answers for indexes within the curve; defining or deleting elements is refused', () => {
    const view = curveOf(2).view();
    expect(1 in view).toBe(true);
    expect(2 in view).toBe(false);
    expect('map' in view).toBe(true);
    expect(() => Object.defineProperty(view, '0', { value: 1 })).toThrow(TypeError);
    expect(() => {
      delete (view as EquityPoint[])[0];
    }).toThrow(TypeError);
    expect(view).toHaveLength(2);
  });

  it('writes equity.csv in chunks across its blocks as equityCsv writes every point at once', () => {
    const directory = mkdtempSync(join(tmpdir(), 'equity-recorder-'));
    try {
      for (const count of [0, 1, 70_001]) {
        const curve = new EquityRecorder();
        for (let index = 0; index < count; index++)
          curve.pushValues(
            1_736_121_600_000 + index * 60_000,
            10_000 + Math.floor(index / 7),
            10_000 + index / 3,
            index % 5 === 0,
          );
        const path = join(directory, `equity-${count}.csv`);
        curve.writeFile(path, equityCsvColumns, 3_000);
        expect(readFileSync(path, 'utf8')).toBe(equityCsv(curve.toArray()));
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
