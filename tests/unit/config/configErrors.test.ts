import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/configError.js';
import { ConfigFileNotFoundError } from '../../../src/config/configFileNotFoundError.js';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { didYouMean, levenshtein } from '../../../src/config/didYouMean.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';

function fileWith(text: string): { cwd: string; file: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
  writeFileSync(join(cwd, 'services.yaml'), text);
  return { cwd, file: 'services.yaml' };
}

function loadError(text: string, env: Record<string, string> = {}): ConfigError {
  const { cwd, file } = fileWith(text);
  try {
    ConfigLoader.load(file, { env, envFile: false, cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loaded without an error');
}

describe('configuration errors', () => {
  it('reports every problem at once, each with its file line and column, in file order', () => {
    const error = loadError(
      [
        'services:',
        '  data_fetching:',
        '    fetch_interval: -5',
        '    fetch_intervall: 3',
        'logging:',
        '  level: LOUD',
        'risk:',
        '  max_open_positions: 1.5',
      ].join('\n'),
      { TRADING_SYMBOL: '', RISK_MAX_DAILY_LOSS: 'lots' },
    );
    expect(error.problems.map((problem) => [problem.path, problem.source])).toEqual([
      ['services.data_fetching.fetch_interval', { kind: 'file', file: 'services.yaml', line: 3, column: 21 }],
      ['services.data_fetching.fetch_intervall', { kind: 'file', file: 'services.yaml', line: 4, column: 5 }],
      ['logging.level', { kind: 'file', file: 'services.yaml', line: 6, column: 10 }],
      ['risk.max_open_positions', { kind: 'file', file: 'services.yaml', line: 8, column: 23 }],
      ['risk.max_daily_loss', { kind: 'env', variable: 'RISK_MAX_DAILY_LOSS' }],
    ]);
    expect(error.problems[0]).toMatchObject({ value: -5, expected: 'a positive number' });
    expect(error.problems[3]).toMatchObject({ value: 1.5, expected: 'an integer' });
    expect(formatConfigError(error).split('\n')).toEqual([
      'services.yaml:3:21 services.data_fetching.fetch_interval: expected a positive number, got -5',
      'services.yaml:4:5 services.data_fetching.fetch_intervall: unknown key "fetch_intervall" (did you mean "fetch_interval"?)',
      'services.yaml:6:10 logging.level: expected one of "TRACE", "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "SILENT", got "LOUD"',
      'services.yaml:8:23 risk.max_open_positions: expected an integer, got 1.5',
      '$RISK_MAX_DAILY_LOSS risk.max_daily_loss: expected a number, got "lots"',
    ]);
  });

  it('lists the valid keys when an unknown key is close to none of them', () => {
    const error = loadError('store:\n  colour: red\n');
    expect(error.problems[0]?.message).toBe(
      'unknown key "colour"; valid keys here: path, directory, checkpoint_every_bars, checkpoint_every_ms',
    );
  });

  it('reports a YAML syntax error with its line and column and does not validate the rest', () => {
    const error = loadError('trading:\n  symbol: [EURUSD\nrisk:\n  max_open_positions: -1\n');
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect(problem.message).toMatch(/^YAML syntax error: /);
      expect(problem.source).toMatchObject({ kind: 'file', file: 'services.yaml' });
    }
    const source = error.problems[0]?.source;
    expect(source?.kind === 'file' && source.line).toBeGreaterThanOrEqual(2);
    expect(formatConfigError(error)).toMatch(/^services\.yaml:\d+:\d+ YAML syntax error: /);
  });

  it('names a missing config file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
    let caught: unknown;
    try {
      ConfigLoader.load('config/nope.yaml', { env: {}, envFile: false, cwd });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigFileNotFoundError);
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigFileNotFoundError).message).toBe('config file not found: config/nope.yaml');
    expect(formatConfigError(caught as ConfigError)).toBe(
      'config/nope.yaml config file not found: config/nope.yaml',
    );
  });

  it('names a missing .env file that was asked for by name', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
    expect(() => ConfigLoader.load(undefined, { env: {}, envFile: 'prod.env', cwd })).toThrow(
      'config file not found: prod.env',
    );
  });

  it('reports a value coming from .env with the .env file and the variable', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
    writeFileSync(join(cwd, '.env'), 'RISK_MAX_OPEN_POSITIONS=many\n');
    let caught: unknown;
    try {
      ConfigLoader.load(undefined, { env: {}, cwd });
    } catch (error) {
      caught = error;
    }
    expect((caught as ConfigError).problems[0]?.source).toEqual({
      kind: 'env',
      variable: 'RISK_MAX_OPEN_POSITIONS',
      file: '.env',
    });
    expect(formatConfigError(caught as ConfigError)).toContain(
      '.env $RISK_MAX_OPEN_POSITIONS risk.max_open_positions',
    );
  });
});

describe('didYouMean', () => {
  it('suggests the closest key within the typo limit and nothing beyond it', () => {
    expect(levenshtein('fetch_intervall', 'fetch_interval')).toBe(1);
    expect(didYouMean('fetch_intervall', ['retry_attempts', 'fetch_interval', 'nbr_bars'])).toBe(
      'fetch_interval',
    );
    expect(didYouMean('Symbl', ['symbol', 'symbols'])).toBe('symbol');
    expect(didYouMean('colour', ['fetch_interval', 'path'])).toBeUndefined();
  });
});
