import { describe, expect, it } from 'vitest';
import type { IndicatorRow } from '../../../src/events/candle.js';
import { appendRow } from '../../../src/indicators/appendRow.js';

const row = (time: number): IndicatorRow => ({
  time,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: 1,
  indicators: {},
  regime: 'ranging',
});

describe('appendRow', () => {
  it('keeps at most the limit, oldest first, and returns a new array leaving the old one unchanged', () => {
    let rows: IndicatorRow[] = [];
    const seen: IndicatorRow[][] = [];
    for (let time = 1; time <= 5; time++) {
      rows = appendRow(rows, 3, row(time));
      seen.push(rows);
    }
    expect(rows.map((each) => each.time)).toEqual([3, 4, 5]);
    expect(seen.map((each) => each.map((entry) => entry.time))).toEqual([
      [1],
      [1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
  });

  it('with a limit of 1 keeps only the row just appended', () => {
    expect(appendRow([row(1), row(2)], 1, row(3)).map((each) => each.time)).toEqual([3]);
  });
});
