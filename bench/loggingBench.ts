import pino, { type Logger } from 'pino';
import type { SystemConfig } from '../src/config/systemConfig.js';
import { CorrelationContext } from '../src/logging/correlationContext.js';
import { createLogger } from '../src/logging/createLogger.js';
import { serviceLogger } from '../src/logging/serviceLogger.js';
import { SimulatedClock } from '../src/util/clock.js';
import { type BenchRow, medianRate } from './benchRow.js';

const lines = 50_000;

/** pino's asynchronous destination (the CLI's), writing to /dev/null. */
const devNull = () => pino.destination({ dest: '/dev/null', sync: false });

function logLines(logger: Logger): number {
  CorrelationContext.run(() => {
    for (let index = 0; index < lines; index++) {
      logger.info(
        { symbol: 'EURUSD', strategy: 'ema_cross', price: 1.0834 + index * 1e-6, size: 0.1 },
        'Order placed: open long 0.1 EURUSD',
      );
    }
  }, 'a1b2c3d4');
  return lines;
}

/**
 * What an INFO line costs through `createLogger` (the seed's text and JSON formats, correlation id,
 * secrets censored, a service's child logger, simulated timestamps) next to plain pino writing its own
 * JSON with the same fields through the same kind of destination: "logging that costs what pino costs".
 *
 * @example
 * ```ts
 * const rows = await benchLogging();
 * ```
 */
export async function benchLogging(): Promise<BenchRow[]> {
  const plain = pino(devNull()).child({ service: 'TradeExecutionService' });
  const plainRate = medianRate(() => logLines(plain), 5, 1);
  const rows: BenchRow[] = [];
  for (const format of ['text', 'json'] as const) {
    const config: SystemConfig['logging'] = {
      level: 'INFO',
      format,
      include_correlation_ids: true,
      service_levels: {},
    };
    // As in a backtest: simulated clock, lines collected before they are written.
    const root = createLogger(config, {
      clock: new SimulatedClock(0),
      destination: devNull(),
      buffered: true,
    });
    const logger = serviceLogger(root, 'TradeExecutionService', config);
    const rate = medianRate(() => logLines(logger), 5, 1);
    rows.push({
      name: `INFO log lines, ${format} format (seed fields, correlation id, redaction) ÷ plain pino JSON`,
      value: rate,
      unit: 'lines/s',
      baseline: plainRate,
      ratio: rate / plainRate,
      target: 0.9,
    });
  }
  return rows;
}
