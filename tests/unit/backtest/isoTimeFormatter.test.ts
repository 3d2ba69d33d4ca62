import { describe, expect, it } from 'vitest';
import { IsoTimeFormatter } from '../../../src/backtest/isoTimeFormatter.js';

describe('IsoTimeFormatter', () => {
  it('gives the text of Date.toISOString for a minute series across days, months and a leap day', () => {
    const times = new IsoTimeFormatter();
    for (let time = Date.UTC(2024, 1, 27, 22, 0); time < Date.UTC(2024, 2, 2); time += 60_000)
      expect(times.format(time)).toBe(new Date(time).toISOString());
  });

  it('gives the text of Date.toISOString for milliseconds, out-of-order times and the edges of the range', () => {
    const times = new IsoTimeFormatter();
    const samples = [
      0,
      1,
      999,
      Date.UTC(2025, 0, 6, 9, 30, 15, 7),
      Date.UTC(2025, 0, 6, 9, 30, 15, 70),
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      -86_400_001,
      1.5,
    ];
    for (const time of samples) expect(times.format(time)).toBe(new Date(time).toISOString());
  });

  it('gives the text of Date.toISOString for times between whole minutes (seconds and milliseconds)', () => {
    const times = new IsoTimeFormatter();
    for (let time = Date.UTC(2025, 0, 6, 23, 58); time < Date.UTC(2025, 0, 7, 0, 2); time += 1_007)
      expect(times.format(time)).toBe(new Date(time).toISOString());
  });
});
