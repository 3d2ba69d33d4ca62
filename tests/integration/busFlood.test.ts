import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/eventBus.js';
import { EventFactory } from '../../src/events/eventFactory.js';
import type { TradingEvent } from '../../src/events/tradingEvents.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { createIdGenerator } from '../../src/util/idGenerator.js';

const total = 1_000_000;
const bound = 10_000;
/** Events published per turn of the event loop: faster than the bus's 1,024 per turn, so the queue fills. */
const burst = 5_000;

/**
 * Publishes `total` events in bursts into an async bus with a slow subscriber (each delivery returns a
 * promise settled on a later turn). Returns what the subscriber saw and the bus's metrics.
 */
async function flood(policy: 'drop_oldest' | 'drop_newest') {
  const bus = new EventBus({ mode: 'async', maxQueueSize: bound, overflowPolicy: policy, historySize: 0 });
  const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
  const template = events.create('TradingAuthorizedEvent', { symbol: 'EURUSD', reason: 'flood' });
  const received = new Uint8Array(total);
  let delivered = 0;
  let maxDepth = 0;
  bus.subscribe('TradingAuthorizedEvent', (event) => {
    // The sequence number travels in `timestamp`; events are tiny so that memory measures the bus.
    received[event.timestamp] = 1;
    delivered += 1;
    return new Promise<void>((resolve) => setImmediate(resolve));
  });
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  for (let sequence = 0; sequence < total; sequence++) {
    bus.publish({ ...template, timestamp: sequence } as TradingEvent);
    if ((sequence + 1) % burst === 0) {
      maxDepth = Math.max(maxDepth, bus.getMetrics().queue_depth);
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  await bus.drain();
  return { bus, received, delivered, maxDepth, heapBefore, heapPeak, metrics: bus.getMetrics() };
}

describe('async bus under a flood of 1,000,000 events into a queue of 10,000 with a slow subscriber', () => {
  it.each(['drop_oldest', 'drop_newest'] as const)(
    '%s: the queue stays within its bound, memory stays bounded, and dropped + delivered = published exactly',
    async (policy) => {
      const { received, delivered, maxDepth, heapBefore, heapPeak, metrics } = await flood(policy);
      expect(metrics.events_published).toBe(total);
      expect(metrics.queue_high_water).toBe(bound);
      expect(maxDepth).toBeLessThanOrEqual(bound);
      expect(metrics.events_dropped).toBeGreaterThan(0);
      expect(metrics.events_dropped + delivered).toBe(total);
      expect(metrics.events_delivered).toBe(delivered);
      expect(metrics.queue_depth).toBe(0);
      // Exact: the subscriber saw `delivered` distinct events, and every other one was counted as dropped.
      let seen = 0;
      for (const flag of received) seen += flag;
      expect(seen).toBe(delivered);
      // The last event published always survives drop_oldest; drop_newest always keeps the first ones.
      if (policy === 'drop_oldest') expect(received[total - 1]).toBe(1);
      else expect(received.subarray(0, bound).every((flag) => flag === 1)).toBe(true);
      // A million events held at once would take hundreds of MB; the bound keeps the peak far below.
      expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
    },
    120_000,
  );
});
