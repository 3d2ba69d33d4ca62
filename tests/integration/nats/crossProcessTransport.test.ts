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
