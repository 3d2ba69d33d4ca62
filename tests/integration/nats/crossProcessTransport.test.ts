import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { CrossProcessTransport } from '../../../src/system/crossProcessTransport.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';
import { eventMaker, natsConfig, natsHarness, silentLogger } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const transports: CrossProcessTransport[] = [];
afterEach(async () => {
  await Promise.allSettled(transports.splice(0).map((transport) => transport.close()));
});

async function connect(label: string, orchestrator: SystemConfigInput['orchestrator']) {
  const names = harness.names(label);
  const config = configFromObject({ event_bus: natsConfig(names) as never, orchestrator });
  const transport = await CrossProcessTransport.connect(config, silentLogger);
  transports.push(transport);
  return transport;
}

describe('CrossProcessTransport over NATS', () => {
  it('names the process after its services and says whether it produces the data', async () => {
    const producer = await connect('producer', { services: ['data_fetching', 'indicator_calculation'] });
    expect(producer.consumerName).toBe('tradestate_data_fetching-indicator_calculation');
    expect(producer.producesData).toBe(true);
    const executor = await connect('executor', { services: ['trade_execution'] });
    expect(executor.producesData).toBe(false);
  });

  it('counts candles by their indicators only in a process whose services consume no candle', async () => {
    const strategies = await connect('strategies', { services: ['strategy_evaluation'] });
    expect(strategies.candleEvent).toBe('IndicatorsCalculatedEvent');
    for (const services of [
      ['trade_execution'],
      ['strategy_evaluation', 'trade_execution'],
      ['data_fetching'],
    ])
      expect((await connect('candles', { services: services as never })).candleEvent).toBe('NewCandleEvent');
  });

  it('deletes, as its consumers start, the durables of its name it no longer consumes, and no other', async () => {
    const names = harness.names('unused');
    const config = configFromObject({
      event_bus: natsConfig(names) as never,
      orchestrator: { services: ['strategy_evaluation'] },
    });
    const first = await CrossProcessTransport.connect(config, silentLogger);
    transports.push(first);
    // Left by an earlier version that consumed the candles, beside another process's durable.
    const durables = [
      'tradestate_strategy_evaluation_NewCandleEvent',
      'tradestate_trade_execution_NewCandleEvent',
    ];
    for (const durable_name of durables)
      await harness.jsm.consumers.add(names.stream, { durable_name, filter_subject: `${names.prefix}.>` });
    first.bus.subscribe('IndicatorsCalculatedEvent', () => undefined);
    await first.startConsumers();
    const left: string[] = [];
    for await (const consumer of harness.jsm.consumers.list(names.stream)) left.push(consumer.name);
    expect(left.sort()).toEqual([
      'tradestate_strategy_evaluation_IndicatorsCalculatedEvent',
      'tradestate_trade_execution_NewCandleEvent',
    ]);
  });

  it('gives event ids that carry the consumer name and an incarnation, new at each call', async () => {
    const transport = await connect('ids', { services: ['trade_execution'] });
    const first = transport.eventIds(createIdGenerator(1)).eventId();
    const second = transport.eventIds(createIdGenerator(1)).eventId();
    expect(first).toMatch(/^tradestate_trade_execution\.[0-9a-f]{8}\..+/);
    expect(second.split('.')[1]).not.toBe(first.split('.')[1]);
    expect(first.split('.').slice(2).join('.')).toBe(second.split('.').slice(2).join('.'));
  });

  it('shows the process its own published events, before any consumer starts', async () => {
    const transport = await connect('own', { services: ['trade_execution'] });
    const seen: string[] = [];
    transport.ownEvents.subscribe('ServiceFailedEvent', (event) => {
      seen.push(event.eventId);
    });
    const failed = eventMaker(9)('ServiceFailedEvent', { service: 'trade_execution', error: 'boom' });
    transport.bus.publish(failed);
    expect(seen).toEqual([failed.eventId]);
  });
});
