import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventMaker, natsConfig, natsHarness, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const bar = { time: 0, open: 1, high: 2, low: 1, close: 2, volume: 1 };

describe('NatsEventBus held acks (live, ack_delay_ms)', () => {
  it('acks handled messages together within the delay, and a restart sees none of them again', async () => {
    const names = harness.names('heldacks');
    const config = natsConfig(names, { ack_delay_ms: 2_000 });
    const bus = await harness.bus(config, 'held');
    const seen: string[] = [];
    bus.subscribe('NewCandleEvent', (event) => {
      seen.push(event.eventId);
    });
    await bus.ready();
    const make = eventMaker(31);
    const candles = [1, 2, 3].map(() => make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }));
    for (const candle of candles) bus.publish(candle);
    await bus.drain();
    await waitUntil(() => seen.length === 3, 'three candles handled');

    // Handled but not yet acknowledged: JetStream still holds them as pending.
    expect(bus.getMetrics().messages_acked).toBe(0);
    const durable = 'held_NewCandleEvent';
    expect((await harness.jsm.consumers.info(names.stream, durable)).num_ack_pending).toBe(3);
    await waitUntil(() => bus.getMetrics().messages_acked === 3, 'the three acks after the delay');
    for (
      let look = 0;
      (await harness.jsm.consumers.info(names.stream, durable)).num_ack_pending > 0;
      look++
    ) {
      if (look > 100) throw new Error('the server never saw the three acks');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Closing sends what is still held: nothing comes again to the next incarnation.
    const last = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    bus.publish(last);
    await waitUntil(() => seen.length === 4, 'the fourth candle handled');
    await bus.close();
    const info = await harness.jsm.consumers.info(names.stream, durable);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(4);
  });
});
