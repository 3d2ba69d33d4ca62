import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/backtest/formatDuration.js';

describe('formatDuration', () => {
  it('writes minutes below an hour, hours below a day and days above', () => {
    expect(formatDuration(45 / 1440)).toBe('45 min');
    expect(formatDuration(2.5 / 24)).toBe('2.5 h');
    expect(formatDuration(3)).toBe('3.0 d');
    expect(formatDuration(null)).toBe('n/a');
  });
});
