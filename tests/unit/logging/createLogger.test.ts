import { describe, expect, it } from 'vitest';
import type { SystemConfig } from '../../../src/config/systemConfig.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { serviceLogger } from '../../../src/logging/serviceLogger.js';
import { SimulatedClock } from '../../../src/util/clock.js';

type LoggingConfig = SystemConfig['logging'];

function loggingConfig(overrides: Partial<LoggingConfig> = {}): LoggingConfig {
  return { level: 'INFO', format: 'text', include_correlation_ids: true, service_levels: {}, ...overrides };
}

/** A logger writing into an array, on a simulated clock at 2025-01-06 10:00:00.123 UTC. */
function capture(overrides: Partial<LoggingConfig> = {}) {
  const lines: string[] = [];
  const clock = new SimulatedClock(Date.parse('2025-01-06T10:00:00.123Z'));
  const config = loggingConfig(overrides);
  const root = createLogger(config, { clock, destination: { write: (line: string) => lines.push(line) } });
  return { root, lines, clock, config };
}

describe('createLogger text format', () => {
  it('prints the seed line with the scope correlation id carried across an await', async () => {
    const { root, lines, config } = capture();
    const logger = serviceLogger(root, 'DataFetchingService', config);
    await CorrelationContext.run(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      logger.info('Fetched data for EURUSD 1');
    }, 'a1b2c3d4');
    expect(lines).toEqual([
      '[2025-01-06 10:00:00.123] [a1b2c3d4] [DataFetchingService] INFO services.DataFetchingService: Fetched data for EURUSD 1\n',
    ]);
  });

  it('prints - outside any scope and appends structured fields as key=value', () => {
    const { root, lines } = capture();
    root.warn({ symbol: 'EURUSD', timeframe: '1', note: 'two words', bars: [1, 2] }, 'Stale feed');
    expect(lines).toEqual([
      '[2025-01-06 10:00:00.123] [-] [-] WARNING tradestate: Stale feed symbol=EURUSD timeframe=1 note="two words" bars=[1,2]\n',
    ]);
  });

  it('leaves the correlation column out when include_correlation_ids is false', () => {
    const { root, lines } = capture({ include_correlation_ids: false });
    CorrelationContext.run(() => root.error('Broker down'), 'a1b2c3d4');
    expect(lines).toEqual(['[2025-01-06 10:00:00.123] [-] ERROR tradestate: Broker down\n']);
  });

  it('takes timestamps from the injected clock', () => {
    const { root, lines, clock } = capture();
    clock.increment(60_000);
    root.info('later');
    expect(lines[0]).toMatch(/^\[2025-01-06 10:01:00\.123\] /);
  });

  it('prints an error message inline and its stack on the following lines', () => {
    const { root, lines } = capture();
    root.error({ err: new Error('disk full') }, 'Save failed');
    expect(lines[0]).toMatch(/ERROR tradestate: Save failed err="disk full"\n {4}Error: disk full\n\s+at /);
  });
});

describe('createLogger json format', () => {
  it('writes one object per line in the seed fields, with the correlation id across an await', async () => {
    const { root, lines, config } = capture({ format: 'json' });
    const logger = serviceLogger(root, 'DataFetchingService', config);
    await CorrelationContext.run(async () => {
      await Promise.resolve();
      logger.info({ symbol: 'EURUSD', timeframe: '1' }, 'Fetched data for EURUSD 1');
    }, 'a1b2c3d4');

    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('}\n')).toBe(true);
    const record = JSON.parse(lines[0]!);
    expect(record).toEqual({
      timestamp: '2025-01-06T10:00:00.123+00:00',
      level: 'INFO',
      logger: 'services.DataFetchingService',
      message: 'Fetched data for EURUSD 1',
      correlation_id: 'a1b2c3d4',
      service: 'DataFetchingService',
      symbol: 'EURUSD',
      timeframe: '1',
    });
    expect(Object.keys(record).slice(0, 6)).toEqual([
      'timestamp',
      'level',
      'logger',
      'message',
      'correlation_id',
      'service',
    ]);
  });

  it('lets a correlation_id passed to the call override the scope', () => {
    const { root, lines } = capture({ format: 'json' });
    CorrelationContext.run(() => root.info({ correlation_id: 'explicit' }, 'm'), 'scope');
    expect(JSON.parse(lines[0]!).correlation_id).toBe('explicit');
  });

  it('omits correlation_id outside a scope and when correlation ids are off', () => {
    const outside = capture({ format: 'json' });
    outside.root.info('m');
    expect(JSON.parse(outside.lines[0]!)).not.toHaveProperty('correlation_id');
    const off = capture({ format: 'json', include_correlation_ids: false });
    CorrelationContext.run(() => off.root.info('m'), 'a1b2c3d4');
    expect(JSON.parse(off.lines[0]!)).not.toHaveProperty('correlation_id');
  });
});

describe('createLogger levels', () => {
  it.each([
    ['WARNING', 'warn', 'WARNING'],
    ['WARN', 'warn', 'WARNING'],
    ['CRITICAL', 'fatal', 'CRITICAL'],
    ['FATAL', 'fatal', 'CRITICAL'],
    ['ERROR', 'error', 'ERROR'],
    ['INFO', 'info', 'INFO'],
    ['DEBUG', 'debug', 'DEBUG'],
    ['TRACE', 'trace', 'TRACE'],
  ] as const)('maps the configured level %s to pino %s and prints it as %s', (name, pinoLevel, printed) => {
    const { root, lines } = capture({ level: name, format: 'json' });
    expect(root.level).toBe(pinoLevel);
    root[pinoLevel](`at ${name}`);
    expect(JSON.parse(lines[0]!).level).toBe(printed);
  });

  it('maps SILENT to pino silent, which prints nothing even at fatal', () => {
    const { root, lines } = capture({ level: 'SILENT' });
    expect(root.level).toBe('silent');
    root.fatal('never');
    expect(lines).toEqual([]);
  });

  it('drops lines below the root level', () => {
    const { root, lines } = capture({ level: 'WARNING' });
    root.info('hidden');
    root.warn('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('WARNING tradestate: shown');
  });
});

describe('createLogger redaction', () => {
  it('censors secret-looking keys at the top level and nested, in fields and bindings', () => {
    const { root, lines } = capture({ format: 'json' });
    root.child({ token: 'bound-secret' }).info(
      {
        api_key: 'k-1',
        config: { broker: { api_secret: 's-1', spread_pips: 0.8 }, password: 'p' },
        request: { headers: { authorization: 'Bearer x' } },
      },
      'Config loaded',
    );
    const record = JSON.parse(lines[0]!);
    expect(record.token).toBe('[REDACTED]');
    expect(record.api_key).toBe('[REDACTED]');
    expect(record.config).toEqual({
      broker: { api_secret: '[REDACTED]', spread_pips: 0.8 },
      password: '[REDACTED]',
    });
    expect(record.request.headers.authorization).toBe('[REDACTED]');
    expect(lines[0]).not.toMatch(/k-1|s-1|Bearer|bound-secret/);
  });
});
