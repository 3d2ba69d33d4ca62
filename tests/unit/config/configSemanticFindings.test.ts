import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/configError.js';
import { configFromObject } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';

function problemsOf(input: SystemConfigInput): string {
  try {
    configFromObject(input);
  } catch (error) {
    if (error instanceof ConfigError) return formatConfigError(error);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration checks beyond the schema name the field and the fix', () => {
  it.each<[string, SystemConfigInput, string]>([
    [
      'a timeframe listed twice, with where it was first',
      { trading: { timeframes: ['1', '5', '5'] } },
      '(object) trading.timeframes.2: timeframe "5" is listed twice (also at trading.timeframes.1)',
    ],
    [
      'a base timeframe that is not whole minutes',
      { trading: { data_source: { base_timeframe: '1h' } } },
      '(object) trading.data_source.base_timeframe: timeframe "1h" is not a positive whole number of minutes',
    ],
    [
      'a CSV source without a file',
      { trading: { data_source: { type: 'csv' } } },
      '(object) trading.data_source.type: type csv needs trading.data_source.path (the CSV file to replay), or run with --data FILE.csv',
    ],
    [
      'a news window that ends before it starts',
      { trading: { news_blocks: [{ start: '2025-01-06T10:00:00Z', end: '2025-01-06T09:00:00Z' }] } },
      '(object) trading.news_blocks.0.end: news window ends (2025-01-06T09:00:00Z) before or when it starts (2025-01-06T10:00:00Z)',
    ],
  ])('%s', (_case, input, message) => {
    expect(problemsOf(input)).toBe(message);
  });
});
