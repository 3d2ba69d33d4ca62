import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/configError.js';
import { type ConfigLoadOptions, loadConfig } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';

/** A directory with `config.yaml` (a bad max_position_size on line 4) and a `.env` (a bad max_open_positions). */
function project(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
  writeFileSync(join(cwd, 'config.yaml'), 'trading:\n  symbol: EURUSD\nrisk:\n  max_position_size: -1\n');
  writeFileSync(join(cwd, '.env'), 'RISK_MAX_OPEN_POSITIONS=-3\n');
  return cwd;
}

function messageOf(options: ConfigLoadOptions): string {
  try {
    loadConfig('config.yaml', options);
  } catch (error) {
    if (error instanceof ConfigError) return formatConfigError(error);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('a configuration problem names where the bad value came from', () => {
  it('file line and column first, then the variables of the environment and of .env, in that order', () => {
    const cwd = project();
    expect(messageOf({ cwd, env: { RISK_MAX_POSITION_SIZE: 'abc' } }).split('\n')).toEqual([
      'config.yaml:4:22 risk.max_position_size: expected a positive number, got -1',
      '$RISK_MAX_POSITION_SIZE risk.max_position_size: expected a number, got "abc"',
      '.env $RISK_MAX_OPEN_POSITIONS risk.max_open_positions: expected an integer ≥ 1, got -3',
    ]);
  });

  it('a value set in code (overrides) is marked (object), after the environment', () => {
    const cwd = project();
    expect(messageOf({ cwd, env: {}, overrides: { risk: { max_position_size: -2 } } }).split('\n')).toEqual([
      '.env $RISK_MAX_OPEN_POSITIONS risk.max_open_positions: expected an integer ≥ 1, got -3',
      '(object) risk.max_position_size: expected a positive number, got -2',
    ]);
  });
});
