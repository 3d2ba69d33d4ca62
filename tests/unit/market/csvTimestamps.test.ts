import { describe, expect, it } from 'vitest';
import { CsvTimestamps } from '../../../src/market/csvTimestamps.js';
import { parseCsvTimestamp } from '../../../src/market/parseCsvTimestamp.js';

describe('CsvTimestamps', () => {
  it('parses a minute series across days, months and a leap day as parseCsvTimestamp does', () => {
    const timestamps = new CsvTimestamps();
    for (let time = Date.UTC(2024, 1, 28, 22, 0); time < Date.UTC(2024, 2, 1, 2); time += 60_000) {
      const text = new Date(time).toISOString();
      expect(timestamps.parse(text)).toBe(time);
      expect(timestamps.parse(text.replace('T', ' ').slice(0, 16))).toBe(time);
    }
  });

  it('gives parseCsvTimestamp’s result for every shape, valid or not, in any order', () => {
    const texts = [
      '2025-01-06T09:30:00.123Z',
      '2025-01-06T09:30:00.120',
      '2025-01-06T09:30:00Z',
      '2025-01-06T09:30:00',
      '2025-01-06 09:30',
      '2025-01-06T09:30Z',
      '2025-01-06T24:00:00Z',
      '2025-01-06T23:60:00Z',
      '2025-01-06T23:59:60Z',
      '2025-02-29T10:00:00Z',
      '2024-02-29T10:00:00Z',
      '2025-13-01T10:00:00Z',
      '2025-01-06t09:30:00z',
      ' 2025-01-06T09:30:00Z',
      '2025-01-06T09:30:00Z ',
      '2025-01-06T09:30:00+02:00',
      '2025-01-06T09:30:00.1234Z',
      '2025-01-06T9:30:00Z',
      '2025.01.06 09:30',
      '0050-01-06T09:30:00Z',
      '20250106',
      '1736155800',
      '2025-01-06T09:3a:00Z',
      '2025-01-0xT09:30:00Z',
      '2025-01-06',
    ];
    const timestamps = new CsvTimestamps();
    for (const text of [...texts, ...texts.toReversed()])
      expect(timestamps.parse(text), text).toBe(parseCsvTimestamp(text));
  });
});
