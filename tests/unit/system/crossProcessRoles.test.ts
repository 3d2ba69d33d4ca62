import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import { serviceNames } from '../../../src/config/systemConfig.js';
import { CrossProcessTransport } from '../../../src/system/crossProcessTransport.js';

describe('what a process of a cross-process run does, from its configuration', () => {
  it('runs every enabled service by default, under the consumer name tradestate_all', () => {
    const services = CrossProcessTransport.servicesOf(configFromObject({}));
    expect(services).toEqual([...serviceNames]);
    expect(CrossProcessTransport.consumerNameOf(services)).toBe('tradestate_all');
  });

  it('runs the services orchestrator.services names, in configuration order, named after them', () => {
    const services = CrossProcessTransport.servicesOf(
      configFromObject({ orchestrator: { services: ['trade_execution', 'strategy_evaluation'] } }),
    );
    expect(services).toEqual(['strategy_evaluation', 'trade_execution']);
    expect(CrossProcessTransport.consumerNameOf(services)).toBe(
      'tradestate_strategy_evaluation-trade_execution',
    );
  });

  it('leaves out a service that is disabled', () => {
    const services = CrossProcessTransport.servicesOf(
      configFromObject({ services: { strategy_evaluation: { enabled: false } } }),
    );
    expect(services).not.toContain('strategy_evaluation');
    expect(CrossProcessTransport.consumerNameOf(services)).not.toBe('tradestate_all');
  });

  it('holds back only the end of data, in the process that produces the data; barriers order the bars', () => {
    expect(CrossProcessTransport.lockstepTypesOf(['data_fetching', 'indicator_calculation'])).toEqual([
      'EndOfDataEvent',
    ]);
    expect(CrossProcessTransport.lockstepTypesOf(['strategy_evaluation', 'trade_execution'])).toEqual([]);
  });
});
