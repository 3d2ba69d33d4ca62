import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../../src/config/configError.js';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { coerceEnvValue, resolveEnvOverrides } from '../../../src/config/envOverrides.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';
import { inspectSchema } from '../../../src/config/inspectSchema.js';

function load(env: Record<string, string>) {
  return ConfigLoader.load(undefined, { env, envFile: false, cwd: '/nonexistent-tradestate-dir' });
}

function loadError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loaded without an error');
}

describe('resolveEnvOverrides', () => {
  it('resolves names whose keys contain underscores by backtracking over the schema keys', () => {
    const { overrides, problems } = resolveEnvOverrides({
      SERVICES_DATA_FETCHING_FETCH_INTERVAL: '10',
      EVENT_BUS_NATS_SUBJECT_PREFIX: 'ts',
      ORCHESTRATOR_SUPERVISION_MAX_RESTARTS: '2',
      TRADING_DATA_SOURCE_TYPE: 'csv',
    });
    expect(problems).toEqual([]);
    expect(overrides.map((override) => override.path.join('.')).sort()).toEqual([
      'event_bus.nats.subject_prefix',
      'orchestrator.supervision.max_restarts',
      'services.data_fetching.fetch_interval',
      'trading.data_source.type',
    ]);
  });

  it('reports a variable with a known section prefix that names no field, with a did-you-mean', () => {
    const { problems } = resolveEnvOverrides({ SERVICES_DATA_FETCHING_FETCH_INTERVL: '10' });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.source).toEqual({ kind: 'env', variable: 'SERVICES_DATA_FETCHING_FETCH_INTERVL' });
    expect(problems[0]?.message).toContain('SERVICES_DATA_FETCHING_FETCH_INTERVL');
    expect(problems[0]?.message).toContain('did you mean SERVICES_DATA_FETCHING_FETCH_INTERVAL?');
  });

  it('reports a variable of a known section that resembles no field without a guess', () => {
    const { problems } = resolveEnvOverrides({ SERVICES_QQQQQQQQQQQQQQQQQQQQ: '1' });
    expect(problems.map((problem) => problem.message)).toEqual([
      'environment variable SERVICES_QQQQQQQQQQQQQQQQQQQQ names no configuration field',
    ]);
  });

  it('ignores variables whose prefix is not a section', () => {
    expect(resolveEnvOverrides({ TRADINGX: '1', NODE_ENV: 'test', SERVICE_X: '1' })).toEqual({
      overrides: [],
      problems: [],
    });
  });
});

describe('environment value coercion', () => {
  it('coerces numbers, integers and booleans', () => {
    const config = load({
      SERVICES_DATA_FETCHING_FETCH_INTERVAL: ' 2.5 ',
      RISK_MAX_OPEN_POSITIONS: '4',
      ORCHESTRATOR_HTTP_ENABLED: 'yes',
      SERVICES_TRADE_EXECUTION_ENABLED: 'false',
      LOGGING_INCLUDE_CORRELATION_IDS: '0',
    });
    expect(config.services.data_fetching.fetch_interval).toBe(2.5);
    expect(config.risk.max_open_positions).toBe(4);
    expect(config.orchestrator.http.enabled).toBe(true);
    expect(config.services.trade_execution.enabled).toBe(false);
    expect(config.logging.include_correlation_ids).toBe(false);
  });

  it('matches enums case-insensitively (LOGGING_LEVEL=debug is DEBUG)', () => {
    const config = load({ LOGGING_LEVEL: 'debug', EVENT_BUS_MODE: 'ASYNC' });
    expect(config.logging.level).toBe('DEBUG');
    expect(config.event_bus.mode).toBe('async');
  });

  it('splits string and enum arrays on commas', () => {
    const config = load({
      TRADING_TIMEFRAMES: '1, 5,60',
      EVENT_BUS_NATS_SERVERS: 'nats://a:4222,nats://b:4222',
      ORCHESTRATOR_SERVICES: 'data_fetching,INDICATOR_CALCULATION',
    });
    expect(config.trading.timeframes).toEqual(['1', '5', '60']);
    expect(config.event_bus.nats.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(config.orchestrator.services).toEqual(['data_fetching', 'indicator_calculation']);
  });

  it('parses records, arrays of objects and objects as JSON', () => {
    const config = load({
      LOGGING_SERVICE_LEVELS: '{"DataFetchingService":"DEBUG"}',
      TRADING_SESSIONS: '[{"start":"08:00","end":"17:00"}]',
      TRADING_SIZING: '{"mode":"risk_percent","risk_percent":0.5}',
      SERVICES_DATA_FETCHING_STALE_AFTER: '{"1":180}',
    });
    expect(config.logging.service_levels).toEqual({ DataFetchingService: 'DEBUG' });
    expect(config.trading.sessions).toEqual([{ start: '08:00', end: '17:00' }]);
    expect(config.trading.sizing).toEqual({ mode: 'risk_percent', risk_percent: 0.5, fixed_size: 0.1 });
    expect(config.services.data_fetching.stale_after).toEqual({ '1': 180 });
  });

  it('says what was expected for each type it cannot coerce', () => {
    expect(coerceEnvValue('abc', inspectSchema(z.number()))).toEqual({ expected: 'a number' });
    expect(coerceEnvValue('1.5x', inspectSchema(z.number().int()))).toEqual({ expected: 'an integer' });
    expect(coerceEnvValue('maybe', inspectSchema(z.boolean()))).toEqual({
      expected: 'a boolean (true/false, 1/0, yes/no, on/off)',
    });
    expect(coerceEnvValue('purple', inspectSchema(z.enum(['a', 'b'])))).toEqual({ expected: 'one of a, b' });
    expect(coerceEnvValue('{oops', inspectSchema(z.record(z.string(), z.number())))).toEqual({
      expected: 'a JSON object',
    });
    expect(coerceEnvValue('1,x', inspectSchema(z.array(z.number())))).toEqual({
      expected: 'a comma-separated list of numbers',
    });
  });

  it('asks for JSON where a comma-separated list cannot say it: lists of objects, values of any shape', () => {
    expect(coerceEnvValue('a,b', inspectSchema(z.array(z.object({ start: z.string() }))))).toEqual({
      expected: 'a JSON array',
    });
    expect(
      coerceEnvValue('[{"start":"08:00"}]', inspectSchema(z.array(z.object({ start: z.string() })))),
    ).toEqual({
      value: [{ start: '08:00' }],
    });
    expect(coerceEnvValue('{oops', inspectSchema(z.unknown()))).toEqual({ expected: 'JSON' });
    expect(coerceEnvValue('{"any":1}', inspectSchema(z.unknown()))).toEqual({ value: { any: 1 } });
  });

  it('reports SERVICES_DATA_FETCHING_FETCH_INTERVAL=abc naming the variable, the path and the value', () => {
    const error = loadError({ SERVICES_DATA_FETCHING_FETCH_INTERVAL: 'abc' });
    expect(error.problems).toEqual([
      {
        path: 'services.data_fetching.fetch_interval',
        value: 'abc',
        expected: 'a number',
        message: 'expected a number, got "abc"',
        source: { kind: 'env', variable: 'SERVICES_DATA_FETCHING_FETCH_INTERVAL' },
      },
    ]);
    expect(formatConfigError(error)).toBe(
      '$SERVICES_DATA_FETCHING_FETCH_INTERVAL services.data_fetching.fetch_interval: expected a number, got "abc"',
    );
  });

  it('names the variable when a coerced value breaks a schema rule', () => {
    const error = loadError({ SERVICES_DATA_FETCHING_FETCH_INTERVAL: '-5' });
    expect(error.problems[0]).toMatchObject({
      path: 'services.data_fetching.fetch_interval',
      value: -5,
      message: 'expected a positive number, got -5',
      source: { kind: 'env', variable: 'SERVICES_DATA_FETCHING_FETCH_INTERVAL' },
    });
  });
});
