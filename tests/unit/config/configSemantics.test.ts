import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/configError.js';
import { loadConfig } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';
import { parseIsoDate } from '../../../src/util/parseIsoDate.js';
import { symbolProblem } from '../../../src/util/safeSymbol.js';

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return formatConfigError(error);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration rules beyond single values', () => {
  it('refuses a hexadecimal number in an environment variable, naming the variable', () => {
    const message = problemsOf(() =>
      loadConfig(undefined, { env: { TRADING_MAX_CANDLES: '0x10' }, envFile: false }),
    );
    expect(message).toBe('$TRADING_MAX_CANDLES trading.max_candles: expected an integer, got "0x10"');
  });

  it('refuses a "__proto__" key in a JSON environment value and leaves Object.prototype alone', () => {
    const message = problemsOf(() =>
      loadConfig(undefined, {
        env: { TRADING_SIZING: '{"__proto__": {"polluted": true}}' },
        envFile: false,
      }),
    );
    expect(message).toContain('$TRADING_SIZING trading.sizing: expected a JSON object without "__proto__"');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reports a check given by the caller at the place the value came from', () => {
    const message = problemsOf(() =>
      loadConfig(undefined, {
        env: { TRADING_SYMBOL: 'DEMO' },
        envFile: false,
        checks: [
          (config) => [
            {
              path: ['trading', 'symbol'],
              value: config.trading.symbol,
              expected: 'x',
              message: 'not tradable',
            },
          ],
        ],
      }),
    );
    expect(message).toBe('$TRADING_SYMBOL trading.symbol: not tradable');
  });

  it('accepts the default configuration with no finding', () => {
    expect(loadConfig(undefined, { env: {}, envFile: false }).trading.timeframes).toEqual(['1']);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2001-02-28', Date.UTC(2001, 1, 28)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['2024-03-01T09:30:00+01:00', Date.UTC(2024, 2, 1, 8, 30)],
    ['2024-03-01 09:30', Date.UTC(2024, 2, 1, 9, 30)],
  ])('reads %s', (text, time) => {
    expect(parseIsoDate(text)).toBe(time);
  });

  it.each([
    '2001-02-30',
    '1900-02-29',
    '2001-13-01',
    '2001-01-01T24:00',
    '01/02/2001',
    '2001-02-03 garbage',
    '',
  ])('refuses %j, which is not a real date', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('symbolProblem', () => {
  it.each(['EURUSD', 'BTC/USDT', 'BRK.B', 'ES_F', 'US-30'])('accepts %s', (symbol) => {
    expect(symbolProblem(symbol)).toBeUndefined();
  });

  it.each(['../../etc', '/etc/passwd', 'a\\b', 'EUR USD', 'A/B/C', '.hidden', 'X'.repeat(33), 'a\u0000b'])(
    'refuses %j',
    (symbol) => {
      expect(symbolProblem(symbol)).toBeDefined();
    },
  );
});
