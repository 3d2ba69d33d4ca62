import { describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../src/config/systemConfig.js';
import { createLogger } from '../../src/logging/createLogger.js';
import { IterableDataSource } from '../../src/market/iterableDataSource.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { emaOnly, T0, vBars } from './tradingCycleSupport.js';

/** The seed's text format: `[YYYY-MM-DD HH:MM:SS.mmm] [id] [ServiceName] LEVEL logger: message`. */
const seedLine =
  /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3})\] \[([0-9a-f]{8}|-)\] \[([A-Za-z]+|-)\] (TRACE|DEBUG|INFO|WARNING|ERROR|CRITICAL) ([\w.]+): (.*)$/;

interface LogLine {
  time: string;
  correlationId: string;
  service: string;
  level: string;
  message: string;
}

async function runAndCaptureLogs(): Promise<{ raw: string[]; lines: LogLine[] }> {
  let text = '';
  const clock = new SimulatedClock(T0);
  const logging = SystemConfigSchema.parse({ logging: { level: 'DEBUG', format: 'text' } }).logging;
  const logger = createLogger(logging, { destination: { write: (chunk: string) => (text += chunk) }, clock });
  const system = await createTradingSystem(emaOnly, {
    dataSource: new IterableDataSource({ EURUSD: vBars() }),
    logger,
    clock,
  });
  await system.run();
  await system.stop();
  const raw = text.split('\n').filter((line) => line.length > 0 && !line.startsWith('    '));
  const lines = raw.map((line) => {
    const match = seedLine.exec(line);
    if (!match) throw new Error(`not in the seed's format: ${line}`);
    const [, time, correlationId, service, level, , message] = match;
    return {
      time: time!,
      correlationId: correlationId!,
      service: service!,
      level: level!,
      message: message!,
    };
  });
  return { raw, lines };
}

/** The lines of `flow` appear in `cycle` in this order (others may come between them). */
function expectFlow(cycle: readonly LogLine[], flow: readonly (readonly [string, string, string])[]): void {
  let cursor = 0;
  for (const [service, level, message] of flow) {
    const index = cycle.findIndex(
      (line, position) =>
        position >= cursor &&
        line.service === service &&
        line.level === level &&
        line.message.startsWith(message),
    );
    expect(index, `${service}: ${message} after line ${cursor} of the cycle`).toBeGreaterThanOrEqual(cursor);
    cursor = index + 1;
  }
}

describe('the log of a trading cycle that ends in an order (seed: Complete Event Flow Example)', () => {
  // With the default fill model the seed's one-cycle flow ends in a working order; the fill comes in the
  // next cycle, at that bar's open, before the strategies look at that bar.
  it('shows fetch, new candle, indicators, entry signal and the working order under one correlation id, then the fill first in the next cycle', async () => {
    const { lines } = await runAndCaptureLogs();

    const order = lines.find((line) => line.message.startsWith('Order working: open long'));
    expect(order).toBeDefined();
    const id = order!.correlationId;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    const cycle = lines.filter((line) => line.correlationId === id);
    expectFlow(cycle, [
      ['DataFetchingService', 'DEBUG', 'Fetched data for EURUSD 1'],
      ['DataFetchingService', 'DEBUG', 'New candle for EURUSD 1'],
      ['IndicatorCalculationService', 'DEBUG', 'Indicators calculated for EURUSD 1'],
      ['StrategyEvaluationService', 'INFO', 'Entry signal long EURUSD by ema_cross'],
      ['TradeExecutionService', 'DEBUG', 'Order working: open long 0.1 EURUSD at the next open'],
    ]);
    const next = lines
      .slice(lines.indexOf(order!) + 1)
      .find((line) => line.correlationId !== id && line.correlationId !== '-');
    expect(next).toBeDefined();
    expectFlow(
      lines.filter((line) => line.correlationId === next!.correlationId),
      [
        ['DataFetchingService', 'DEBUG', 'New candle for EURUSD 1'],
        ['TradeExecutionService', 'INFO', 'Order placed: open long 0.1 EURUSD'],
        ['IndicatorCalculationService', 'DEBUG', 'Indicators calculated for EURUSD 1'],
      ],
    );
    // The cycle starts with the fetch and every line of it is stamped with the same (simulated) time.
    expect(cycle[0]!.service).toBe('DataFetchingService');
    expect(cycle[0]!.message).toMatch(/^Fetched data for EURUSD 1 /);
    expect(new Set(cycle.map((line) => line.time)).size).toBe(1);
  });

  it('gives every cycle its own correlation id, and lifecycle lines outside a cycle none', async () => {
    const { lines } = await runAndCaptureLogs();
    const fetches = lines.filter((line) => line.message.startsWith('Fetched data for EURUSD 1 '));
    expect(fetches).toHaveLength(100);
    expect(new Set(fetches.map((line) => line.correlationId)).size).toBe(100);
    const lifecycle = lines.filter((line) => line.message.includes('INITIALIZING -> RUNNING'));
    expect(lifecycle.map((line) => line.service).sort()).toEqual([
      'DataFetchingService',
      'IndicatorCalculationService',
      'StrategyEvaluationService',
      'TradeExecutionService',
    ]);
    expect(lifecycle.every((line) => line.correlationId === '-')).toBe(true);
    expect(lines[0]!.time).toBe('2025-01-06 00:00:00.000');
  });
});
