import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SystemConfig } from '../../../src/config/systemConfig.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { SeedLogStream } from '../../../src/logging/seedLogStream.js';
import { SimulatedClock } from '../../../src/util/clock.js';

function capture(
  format: 'text' | 'json',
  options: { buffered?: boolean; includeCorrelationIds?: boolean } = {},
) {
  const writes: string[] = [];
  const config: SystemConfig['logging'] = {
    level: 'INFO',
    format,
    include_correlation_ids: options.includeCorrelationIds ?? true,
    service_levels: {},
  };
  const clock = new SimulatedClock(Date.parse('2025-01-06T10:00:00.123Z'));
  const root = createLogger(config, {
    clock,
    buffered: options.buffered,
    destination: { write: (chunk: string) => writes.push(chunk) },
  });
  return { root, writes };
}

const stamp = '[2025-01-06 10:00:00.123]';

describe('log calls pino renders itself', () => {
  it('fills printf-style parameters into the message', () => {
    const { root, writes } = capture('text');
    root.info('Fetched %d bars for %s', 3, 'EURUSD');
    expect(writes).toEqual([`${stamp} [-] [-] INFO tradestate: Fetched 3 bars for EURUSD\n`]);
  });

  it('prints fields and a formatted message given together', () => {
    const { root, writes } = capture('json', { includeCorrelationIds: false });
    root.warn({ symbol: 'EURUSD' }, 'Gap of %d bars', 2);
    expect(JSON.parse(writes[0]!)).toEqual({
      timestamp: '2025-01-06T10:00:00.123+00:00',
      level: 'WARNING',
      logger: 'tradestate',
      message: 'Gap of 2 bars',
      symbol: 'EURUSD',
    });
  });

  it('prints a bigint field through pino rather than dropping the line', () => {
    const { root, writes } = capture('json');
    root.info({ volume: 10n }, 'Big');
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]!)).toMatchObject({ level: 'INFO', message: 'Big' });
  });

  it('logs an HTTP request object without reading it as plain fields', () => {
    const { root, writes } = capture('json');
    root.info({ method: 'GET', url: '/healthz', headers: { host: 'x' } }, 'request');
    expect(JSON.parse(writes[0]!)).toMatchObject({ message: 'request', method: 'GET', url: '/healthz' });
  });
});

describe('log calls with errors', () => {
  it('takes the message of an Error passed alone, and prints its stack below the line', () => {
    const { root, writes } = capture('text');
    const error = new Error('disk full');
    root.error(error);
    const [line, ...stack] = writes[0]!.trimEnd().split('\n');
    expect(line).toBe(`${stamp} [-] [-] ERROR tradestate: disk full err="disk full"`);
    expect(stack[0]).toBe('    Error: disk full');
  });

  it('takes the message of an error under err when the call gives none', () => {
    const { root, writes } = capture('json');
    root.error({ err: new Error('timeout'), attempt: 2 });
    expect(JSON.parse(writes[0]!)).toMatchObject({
      message: 'timeout',
      attempt: 2,
      err: { type: 'Error', message: 'timeout' },
    });
  });

  it('keeps an explicit message over the error message', () => {
    const { root, writes } = capture('json');
    root.error(new Error('timeout'), 'Fetch failed');
    expect(JSON.parse(writes[0]!)).toMatchObject({ message: 'Fetch failed', err: { message: 'timeout' } });
  });
});

describe('the json format', () => {
  it('puts correlation_id and service right after the message, then the other fields in call order', () => {
    const { root, writes } = capture('json');
    const service = root.child({ service: 'DataFetchingService', logger: 'services.DataFetchingService' });
    CorrelationContext.run(() => service.info({ symbol: 'EURUSD', bars: 2 }, 'Fetched'), 'c-1');
    expect(Object.keys(JSON.parse(writes[0]!))).toEqual([
      'timestamp',
      'level',
      'logger',
      'message',
      'correlation_id',
      'service',
      'symbol',
      'bars',
    ]);
  });

  it('writes an empty message rather than none for a line of fields only', () => {
    const { root, writes } = capture('json');
    root.info({ symbol: 'EURUSD' });
    expect(JSON.parse(writes[0]!)).toMatchObject({ message: '', symbol: 'EURUSD' });
  });
});

describe('buffered logging', () => {
  it('holds short lines back until flushed, then hands them over in one write', () => {
    const { root, writes } = capture('text', { buffered: true });
    root.info('first');
    root.info('second');
    expect(writes).toEqual([]);
    (root as unknown as { [key: symbol]: SeedLogStream })[pino.symbols.streamSym]?.flush();
    expect(writes).toEqual([
      `${stamp} [-] [-] INFO tradestate: first\n${stamp} [-] [-] INFO tradestate: second\n`,
    ]);
  });

  it('writes once the collected lines reach about 16 KB', () => {
    const { root, writes } = capture('text', { buffered: true });
    const long = 'x'.repeat(1_000);
    for (let line = 0; line < 20; line++) root.info(long);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.length).toBeGreaterThanOrEqual(16_384);
    expect(
      writes[0]!
        .split('\n')
        .filter(Boolean)
        .every((line) => line.endsWith(long)),
    ).toBe(true);
  });
});

describe('SeedLogStream given a line it did not render', () => {
  it('passes text that is not JSON through untouched', () => {
    const writes: string[] = [];
    const stream = new SeedLogStream('text', { write: (chunk) => writes.push(chunk) }, false);
    stream.write('plain words\n');
    expect(writes).toEqual(['plain words\n']);
  });

  it("renders pino's JSON line, naming the numeric level and stamping a missing time", () => {
    const writes: string[] = [];
    const stream = new SeedLogStream(
      'json',
      { write: (chunk) => writes.push(chunk) },
      false,
      () => '2025-01-06T10:00:00.000+00:00',
    );
    stream.write('{"level":50,"logger":"x","message":"broken","password":"hunter2"}\n');
    expect(JSON.parse(writes[0]!)).toEqual({
      timestamp: '2025-01-06T10:00:00.000+00:00',
      level: 'ERROR',
      logger: 'x',
      message: 'broken',
      password: '[REDACTED]',
    });
  });
});

describe('values a log call may carry', () => {
  it('prints a message that is not a string, passed by untyped code, as its text', () => {
    const { root, writes } = capture('text');
    root.info(42 as never);
    expect(writes).toEqual([`${stamp} [-] [-] INFO tradestate: 42\n`]);
  });

  it('prints booleans, null and numbers bare', () => {
    const { root, writes } = capture('text');
    root.info({ ok: true, none: null, size: 3 }, 'Flags');
    expect(writes).toEqual([`${stamp} [-] [-] INFO tradestate: Flags ok=true none=null size=3\n`]);
  });

  it('prints an error without a stack as its message alone, with no lines below', () => {
    const { root, writes } = capture('text');
    const error = new Error('boom');
    error.stack = undefined;
    root.error({ err: error }, 'Failed');
    expect(writes).toEqual([`${stamp} [-] [-] ERROR tradestate: Failed err=boom\n`]);
  });
});

describe('SeedLogStream under a plain pino logger', () => {
  function plain(format: 'text' | 'json', timestamp?: () => string) {
    const writes: string[] = [];
    const stream = new SeedLogStream(format, { write: (chunk) => writes.push(chunk) }, false, timestamp);
    const logger = pino({ base: undefined, messageKey: 'message', customLevels: { audit: 35 } }, stream);
    return { logger, stream, writes };
  }

  it('names a custom level by its label in capitals and a logger without bindings by "-" columns', () => {
    const { logger, writes } = plain('text', () => '2025-01-06T10:00:00.000+00:00');
    logger.audit('Checked');
    expect(writes).toEqual(['[2025-01-06 10:00:00.000] [-] AUDIT undefined: Checked\n']);
  });

  it('stamps each line with the current UTC time when given no timestamp source', () => {
    const { logger, writes } = plain('json');
    const before = Date.now();
    logger.info('Now');
    const { timestamp } = JSON.parse(writes[0]!) as { timestamp: string };
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before - 1);
  });

  it('writes nothing when flushed with no lines collected', () => {
    const { stream, writes } = plain('text');
    stream.flush();
    expect(writes).toEqual([]);
  });
});
