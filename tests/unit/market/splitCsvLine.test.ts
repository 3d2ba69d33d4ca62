import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../src/market/splitCsvLine.js';

describe('splitCsvLine', () => {
  it('splits a line without quotes as String.split does, empty fields included', () => {
    expect(splitCsvLine('a,,b,', ',')).toEqual(['a', '', 'b', '']);
  });

  it('keeps a quoted field holding the delimiter (and doubled quotes) in one piece, quotes included', () => {
    expect(splitCsvLine('"2024-01-02","calm, thin","say ""hi"", ok",1.1', ',')).toEqual([
      '"2024-01-02"',
      '"calm, thin"',
      '"say ""hi"", ok"',
      '1.1',
    ]);
    expect(splitCsvLine('a;"1;2";b', ';')).toEqual(['a', '"1;2"', 'b']);
  });
});
