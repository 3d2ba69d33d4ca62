import { describe, expect, it } from 'vitest';
import { InvalidTimeframeError } from '../../../src/market/invalidTimeframeError.js';
import { timeframeToMilliseconds } from '../../../src/market/timeframeToMilliseconds.js';

describe('timeframeToMilliseconds', () => {
  it.each([
    ['1', 60_000],
    ['5', 300_000],
    ['60', 3_600_000],
    ['1440', 86_400_000],
  ])('converts "%s" minutes to %i ms', (timeframe, milliseconds) => {
    expect(timeframeToMilliseconds(timeframe)).toBe(milliseconds);
  });

  it.each(['0', '', '1h', 'H1', '-5', '1.5', ' 5', '05'])(
    'rejects %j with an InvalidTimeframeError',
    (timeframe) => {
      expect(() => timeframeToMilliseconds(timeframe)).toThrow(InvalidTimeframeError);
    },
  );

  it('names the timeframe in the error', () => {
    try {
      timeframeToMilliseconds('D1');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTimeframeError);
      expect((error as InvalidTimeframeError).timeframe).toBe('D1');
      expect((error as Error).message).toContain('invalid timeframe "D1"');
    }
  });
});
