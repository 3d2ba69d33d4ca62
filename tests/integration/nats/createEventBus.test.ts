import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src/bus/createEventBus.js';
import { EventBus } from '../../../src/bus/eventBus.js';
import { NatsEventBus } from '../../../src/bus/nats/natsEventBus.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';
import { eventMaker, natsConfig, natsHarness, silentLogger, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

describe('createEventBus', () => {
  it('builds the in-memory EventBus for the default transport, honouring its mode', async () => {
    const bus = await createEventBus(EventBusConfigSchema.parse({}), {
      logger: silentLogger,
      consumerName: 'x',
    });
    expect(bus).toBeInstanceOf(EventBus);
    const received: string[] = [];
    bus.subscribe('ServiceFailedEvent', (event) => {
      received.push(event.eventId);
    });
    const failed = eventMaker(40)('ServiceFailedEvent', { service: 's', error: 'e' });
    bus.publish(failed);
    expect(received).toEqual([failed.eventId]); // sync mode: delivered before publish returned
    await bus.close();
  });

  it('connects a NatsEventBus named after the consumer for transport nats', async () => {
    const names = harness.names('factory');
    const bus = await createEventBus(natsConfig(names), { logger: silentLogger, consumerName: 'risk' });
    try {
      expect(bus).toBeInstanceOf(NatsEventBus);
      const received: string[] = [];
      bus.subscribe('TradingAuthorizedEvent', (event) => {
        received.push(event.eventId);
      });
      const authorized = eventMaker(41)('TradingAuthorizedEvent', { symbol: 'EURUSD', reason: 'ok' });
      bus.publish(authorized);
      await waitUntil(() => received.length === 1, 'the event over NATS');
      expect(received).toEqual([authorized.eventId]);
      expect((await harness.jsm.consumers.info(names.stream, 'risk_TradingAuthorizedEvent')).name).toBe(
        'risk_TradingAuthorizedEvent',
      );
    } finally {
      await bus.close();
    }
  });
});
