import { describe, expect, it } from 'vitest';
import type { SystemConfig } from '../../../src/config/systemConfig.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { serviceLogger } from '../../../src/logging/serviceLogger.js';

type LoggingConfig = SystemConfig['logging'];

function setup(serviceLevels: LoggingConfig['service_levels'], level: LoggingConfig['level'] = 'INFO') {
  const lines: string[] = [];
  const config: LoggingConfig = {
    level,
    format: 'text',
    include_correlation_ids: true,
    service_levels: serviceLevels,
  };
  const root = createLogger(config, { destination: { write: (line: string) => lines.push(line) } });
  return { root, lines, config };
}

describe('serviceLogger', () => {
  it('takes a per-service level keyed by config name, more verbose than the root', () => {
    const { root, lines, config } = setup({ data_fetching: 'DEBUG' });
    serviceLogger(root, 'DataFetchingService', config).debug('fetch detail');
    serviceLogger(root, 'TradeExecutionService', config).debug('not shown');
    root.debug('not shown either');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[DataFetchingService] DEBUG services.DataFetchingService: fetch detail');
  });

  it('takes a per-service level keyed by display name, quieter than the root', () => {
    const { root, lines, config } = setup({ IndicatorCalculationService: 'ERROR' }, 'DEBUG');
    const logger = serviceLogger(root, 'IndicatorCalculationService', config);
    logger.warn('quiet');
    logger.error('loud');
    expect(logger.level).toBe('error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERROR services.IndicatorCalculationService: loud');
  });

  it('inherits the root level when the service has no entry', () => {
    const { root, config } = setup({ data_fetching: 'DEBUG' }, 'WARNING');
    expect(serviceLogger(root, 'StrategyEvaluationService', config).level).toBe('warn');
  });
});
