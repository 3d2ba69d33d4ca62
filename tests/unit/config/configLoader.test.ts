import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { ConfigError } from '../../../src/config/configError.js';
import { ConfigLoader, configFromObject, loadConfig } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const defaults = SystemConfigSchema.parse({});

/** A scratch directory holding the given files (config/services.yaml, .env, ...). */
function workspace(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

describe('ConfigLoader.load', () => {
  it('returns the schema defaults when there is no file, no .env and no variable', () => {
    const config = ConfigLoader.load(undefined, { env: {}, cwd: workspace() });
    expect(config).toEqual(defaults);
    expect(config.trading.symbol).toBe('EURUSD');
    expect(config.services.data_fetching.fetch_interval).toBe(5);
  });

  it('reads config/services.yaml from the working directory when no path is given', () => {
    const cwd = workspace({ 'config/services.yaml': 'trading:\n  symbol: AUDUSD\n' });
    expect(ConfigLoader.load(undefined, { env: {}, cwd }).trading.symbol).toBe('AUDUSD');
  });

  it('lets file values win over defaults and keeps defaults for keys the file leaves out', () => {
    const config = ConfigLoader.load(`${fixtures}partial.yaml`, { env: {}, envFile: false });
    expect(config.services.data_fetching.fetch_interval).toBe(7);
    expect(config.trading.symbol).toBe('USDJPY');
    expect(config.trading.timeframes).toEqual(['1', '5']);
    expect(config.logging.level).toBe('WARN');
    expect(config.services.data_fetching.retry_attempts).toBe(3);
    expect(config.risk).toEqual(defaults.risk);
  });

  it("loads the seed's snake_case service blocks unchanged", () => {
    const config = ConfigLoader.load(`${fixtures}seed-services.yaml`, { env: {}, envFile: false });
    expect(config.services.strategy_evaluation.evaluation_mode).toBe('on_new_candle');
    expect(config.services.trade_execution.execution_mode).toBe('immediate');
    expect(config.services.indicator_calculation.recent_rows_limit).toBe(6);
    expect(config.services.data_fetching).toMatchObject({ fetch_interval: 5, candle_index: 1, nbr_bars: 3 });
  });

  it('treats a key left empty in the file as unset, so its default applies', () => {
    const cwd = workspace({ 'c.yaml': 'trading:\n  symbol:\n  speed: ~\n' });
    const config = ConfigLoader.load('c.yaml', { env: {}, envFile: false, cwd });
    expect(config.trading.symbol).toBe('EURUSD');
    expect(config.trading.speed).toBe(0);
  });

  it('lets environment variables win over the file', () => {
    const config = ConfigLoader.load(`${fixtures}partial.yaml`, {
      env: { TRADING_SYMBOL: 'GBPUSD', SERVICES_DATA_FETCHING_FETCH_INTERVAL: '10', LOGGING_LEVEL: 'DEBUG' },
      envFile: false,
    });
    expect(config.trading.symbol).toBe('GBPUSD');
    expect(config.services.data_fetching.fetch_interval).toBe(10);
    expect(config.logging.level).toBe('DEBUG');
  });

  it('applies each override name from the seed over the defaults', () => {
    const cwd = workspace();
    expect(ConfigLoader.load(undefined, { env: { TRADING_SYMBOL: 'GBPUSD' }, cwd }).trading.symbol).toBe(
      'GBPUSD',
    );
    expect(
      ConfigLoader.load(undefined, { env: { SERVICES_DATA_FETCHING_FETCH_INTERVAL: '10' }, cwd }).services
        .data_fetching.fetch_interval,
    ).toBe(10);
    expect(ConfigLoader.load(undefined, { env: { LOGGING_LEVEL: 'DEBUG' }, cwd }).logging.level).toBe(
      'DEBUG',
    );
  });

  it('reads .env from the working directory but lets real environment variables win over it', () => {
    const cwd = workspace({
      '.env': 'TRADING_SYMBOL=NZDUSD\nLOGGING_LEVEL=ERROR\nTRADING_BROKER_API_KEY=from-dotenv\n',
      'config/services.yaml': 'trading:\n  symbol: AUDUSD\nlogging:\n  level: WARN\n',
    });
    const config = ConfigLoader.load(undefined, { env: { LOGGING_LEVEL: 'DEBUG' }, cwd });
    expect(config.trading.symbol).toBe('NZDUSD');
    expect(config.logging.level).toBe('DEBUG');
    expect(config.trading.broker.api_key).toBe('from-dotenv');
  });

  it('reads a named .env file, and none with envFile: false', () => {
    const cwd = workspace({ 'local.env': 'TRADING_SYMBOL=CHFJPY\n', '.env': 'TRADING_SYMBOL=EURGBP\n' });
    expect(ConfigLoader.load(undefined, { env: {}, envFile: 'local.env', cwd }).trading.symbol).toBe(
      'CHFJPY',
    );
    expect(ConfigLoader.load(undefined, { env: {}, envFile: false, cwd }).trading.symbol).toBe('EURUSD');
  });

  it('ignores variables outside the configuration sections and empty values', () => {
    const config = ConfigLoader.load(undefined, {
      env: { PATH: '/usr/bin', HOME: '/root', TRADINGVIEW_TOKEN: 'x', TRADING_SYMBOL: '' },
      cwd: workspace(),
    });
    expect(config).toEqual(defaults);
  });

  it('lays code overrides over the environment and the file', () => {
    const config = ConfigLoader.load(`${fixtures}partial.yaml`, {
      env: { TRADING_SYMBOL: 'GBPUSD' },
      envFile: false,
      overrides: { trading: { symbol: 'USDCAD' }, risk: { max_open_positions: 1 } },
    });
    expect(config.trading.symbol).toBe('USDCAD');
    expect(config.trading.timeframes).toEqual(['1', '5']);
    expect(config.risk.max_open_positions).toBe(1);
  });

  it('resolves an environment variable to a secret field', () => {
    const config = ConfigLoader.load(undefined, {
      env: { TRADING_BROKER_API_KEY: 'k', TRADING_BROKER_API_SECRET: 's' },
      cwd: workspace(),
    });
    expect(config.trading.broker).toMatchObject({ api_key: 'k', api_secret: 's' });
  });

  it('is also exported as loadConfig', () => {
    expect(
      loadConfig(undefined, { env: { TRADING_SYMBOL: 'GBPUSD' }, cwd: workspace() }).trading.symbol,
    ).toBe('GBPUSD');
  });
});

describe('ConfigLoader.load of files given by path', () => {
  it('refuses a directory given as the configuration, naming the path and saying what it expected', () => {
    const cwd = workspace({ 'config/services.yaml': 'trading:\n  symbol: EURUSD\n' });
    const refusal = () => loadConfig('config', { env: {}, cwd });
    expect(refusal).toThrowError('config file config: expected a file, got a directory');
    expect(refusal).toThrowError(
      expect.objectContaining({
        problems: [expect.objectContaining({ value: 'config', expected: 'a readable YAML file' })],
      }),
    );
  });

  it('refuses a device such as /dev/zero at once instead of reading it forever', () => {
    expect(() => loadConfig('/dev/zero', { env: {}, envFile: false })).toThrowError(
      'config file /dev/zero: expected a regular file, got a device, pipe or socket',
    );
  });

  it('refuses infinite numbers and hexadecimal ones, inside lists too, at their line and column', () => {
    const cwd = workspace({
      'bad.yaml':
        'risk:\n  max_drawdown_percent: .inf\ntrading:\n  sessions:\n    - start: "08:00"\n      end: 0x10\n',
    });
    let caught: unknown;
    try {
      loadConfig('bad.yaml', { env: {}, cwd });
    } catch (error) {
      caught = error;
    }
    expect(formatConfigError(caught as ConfigError).split('\n')).toEqual([
      'bad.yaml:2:25 risk.max_drawdown_percent: expected a finite number, got .inf',
      'bad.yaml:6:12 trading.sessions.0.end: expected a decimal number, got 0x10 (hexadecimal, octal and binary are not accepted)',
    ]);
  });

  it('reads a configuration and a .env file given by absolute paths whatever the working directory', () => {
    const directory = workspace({
      'settings.yaml': 'trading:\n  symbol: USDJPY\n',
      'secrets.env': 'LOGGING_LEVEL=ERROR\n',
    });
    const config = loadConfig(join(directory, 'settings.yaml'), {
      env: {},
      cwd: workspace(),
      envFile: join(directory, 'secrets.env'),
    });
    expect(config.trading.symbol).toBe('USDJPY');
    expect(config.logging.level).toBe('ERROR');
  });
});

describe('ConfigLoader.fromObject', () => {
  it('fills defaults around the given values without reading the environment', () => {
    vi.stubEnv('TRADING_SYMBOL', 'NZDUSD');
    vi.stubEnv('LOGGING_LEVEL', 'ERROR');
    const config = ConfigLoader.fromObject({ trading: { symbol: 'GBPUSD' } });
    vi.unstubAllEnvs();
    expect(config.trading.symbol).toBe('GBPUSD');
    expect(config.logging.level).toBe('INFO');
    expect(config.services).toEqual(defaults.services);
    expect(configFromObject({})).toEqual(defaults);
  });

  it('reports problems with the source "object"', () => {
    expect(() => ConfigLoader.fromObject({ risk: { max_open_positions: 0 } })).toThrowError(
      expect.objectContaining({
        problems: [expect.objectContaining({ path: 'risk.max_open_positions', source: { kind: 'object' } })],
      }),
    );
  });
});
