import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SystemConfig } from '../../../src/config/systemConfig.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { SimulatedClock } from '../../../src/util/clock.js';

function capture(format: 'text' | 'json') {
  const lines: string[] = [];
  const config: SystemConfig['logging'] = {
    level: 'INFO',
    format,
    include_correlation_ids: true,
    service_levels: {},
  };
  const clock = new SimulatedClock(Date.parse('2025-01-06T10:00:00.123Z'));
  const root = createLogger(config, { clock, destination: { write: (line: string) => lines.push(line) } });
  return { root, lines };
}

afterEach(() => vi.restoreAllMocks());

describe('SeedLogStream rendering', () => {
  it.each(['text', 'json'] as const)('renders a %s line without parsing JSON back', (format) => {
    const { root, lines } = capture(format);
    const child = root.child({ service: 'TradeExecutionService', logger: 'services.TradeExecutionService' });
    child.info('Started'); // a logger's bindings are read once, at its first line
    const parse = vi.spyOn(JSON, 'parse');
    child.info({ symbol: 'EURUSD', size: 0.1 }, 'Order placed');
    expect(parse).not.toHaveBeenCalled();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Order placed');
  });

  it('prints a field that JSON cannot hold (a cycle) through pino safe serialization', () => {
    const { root, lines } = capture('text');
    const looped: Record<string, unknown> = { name: 'loop' };
    looped.self = looped;
    root.warn({ looped }, 'Odd value');
    expect(lines[0]).toMatch(
      /WARNING tradestate: Odd value looped=\{"name":"loop","self":"\[Circular\]"\}\n$/,
    );
  });

  it('prints dates, non-finite numbers and undefined fields as a JSON round trip would', () => {
    const { root, lines } = capture('text');
    root.info({ at: new Date(Date.UTC(2025, 0, 6)), ratio: Number.NaN, gone: undefined }, 'Values');
    expect(lines[0]).toMatch(/Values at=2025-01-06T00:00:00.000Z ratio=null\n$/);
  });

  it('censors secrets inside arrays of objects', () => {
    const { root, lines } = capture('json');
    root.info({ accounts: [{ name: 'a', api_key: 'k-9' }] }, 'Accounts');
    expect(JSON.parse(lines[0]!).accounts).toEqual([{ name: 'a', api_key: '[REDACTED]' }]);
  });
});
