import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/configError.js';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';
import { isSecretKey, REDACTED, redactConfig } from '../../../src/config/redactConfig.js';

function loadFile(text: string, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
  writeFileSync(join(cwd, 'c.yaml'), text);
  return () => ConfigLoader.load('c.yaml', { env, envFile: false, cwd });
}

describe('secrets', () => {
  it('refuses api_key and api_secret in the file, telling the user which variable to set, without echoing them', () => {
    const load = loadFile('trading:\n  broker:\n    api_key: sk-123\n    api_secret: shh\n');
    let caught: unknown;
    try {
      load();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((problem) => problem.path)).toEqual([
      'trading.broker.api_key',
      'trading.broker.api_secret',
    ]);
    expect(problems[0]?.source).toEqual({ kind: 'file', file: 'c.yaml', line: 3, column: 5 });
    expect(problems[0]?.message).toContain('move it to the environment or .env as TRADING_BROKER_API_KEY');
    const text = formatConfigError(caught as ConfigError);
    expect(text).not.toContain('sk-123');
    expect(text).not.toContain('shh');
  });

  it('refuses any key named like a token or password, wherever it is', () => {
    const load = loadFile(
      'services:\n  strategy_evaluation:\n    strategies:\n      - name: a\n        type: t\n        params:\n          auth_token: x\n',
    );
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatchObject({
        path: 'services.strategy_evaluation.strategies.0.params.auth_token',
        value: REDACTED,
      });
    }
  });

  it('accepts an empty secret key in the file (the generated file lists it that way)', () => {
    expect(loadFile('trading:\n  broker:\n    api_key:\n')().trading.broker.api_key).toBeUndefined();
  });

  it('takes secrets from the environment', () => {
    const config = loadFile('trading:\n  symbol: GBPUSD\n', { TRADING_BROKER_API_SECRET: 'from-env' })();
    expect(config.trading.broker.api_secret).toBe('from-env');
  });

  it('recognizes secret key names', () => {
    for (const key of [
      'api_key',
      'api_secret',
      'client_secret',
      'token',
      'access_token',
      'password',
      'DB_PASSWORD',
    ]) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['symbol', 'path', 'keys', 'monkey', 'fixed_size']) {
      expect(isSecretKey(key)).toBe(false);
    }
  });

  it('redactConfig replaces set secrets with [REDACTED], leaves unset ones and does not modify its input', () => {
    const config = ConfigLoader.fromObject({ trading: { broker: { api_key: 'k' } } });
    const redacted = redactConfig(config);
    expect(redacted.trading.broker.api_key).toBe('[REDACTED]');
    expect(redacted.trading.broker.api_secret).toBeUndefined();
    expect(redacted.trading.symbol).toBe('EURUSD');
    expect(config.trading.broker.api_key).toBe('k');
    expect(redactConfig({ list: [{ password: 'p', user: 'u' }] })).toEqual({
      list: [{ password: '[REDACTED]', user: 'u' }],
    });
  });
});
