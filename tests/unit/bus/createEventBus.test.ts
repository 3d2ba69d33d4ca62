import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src/bus/createEventBus.js';
import { EventBus } from '../../../src/bus/eventBus.js';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const logger = pino({ level: 'silent' });
const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
const authorized = () => events.create('TradingAuthorizedEvent', { symbol: 'EURUSD', reason: 'test' });

describe('createEventBus', () => {
  it('builds the in-process bus the event_bus section describes, bounded and with its history size', async () => {
    const config = SystemConfigSchema.parse({ event_bus: { mode: 'sync', history_size: 2 } }).event_bus;
    const bus = await createEventBus(config, { logger, consumerName: 'test' });
    if (!(bus instanceof EventBus)) throw new Error('expected the in-process EventBus');
    const seen: string[] = [];
    bus.subscribe('TradingAuthorizedEvent', (event) => {
      seen.push(event.symbol);
    });
    for (let count = 0; count < 3; count++) bus.publish(authorized());
    expect(seen).toEqual(['EURUSD', 'EURUSD', 'EURUSD']);
    expect(bus.getHistory()).toHaveLength(2);
    await bus.close();
  });

  it('closes an asynchronous bus only after it delivered what was queued', async () => {
    const config = SystemConfigSchema.parse({ event_bus: { mode: 'async' } }).event_bus;
    const bus = await createEventBus(config, { logger, consumerName: 'test' });
    let delivered = 0;
    bus.subscribe('TradingAuthorizedEvent', () => {
      delivered++;
    });
    bus.publish(authorized());
    bus.publish(authorized());
    await bus.close();
    expect(delivered).toBe(2);
  });
});
