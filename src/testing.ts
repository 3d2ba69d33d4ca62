/**
 * `tradestate/testing`: what unit tests of strategies, services and embedding programs need, without a
 * broker, a feed or a real bus.
 *
 * @example
 * ```ts
 * import { EventBuilders, FakeBroker, MockEventBus } from 'tradestate/testing';
 *
 * const bus = new MockEventBus();
 * const events = new EventBuilders();
 * bus.publish(events.newCandle());
 * expect(bus.hasPublished('NewCandleEvent')).toBe(true);
 * ```
 *
 * @packageDocumentation
 */
export { MockEventBus } from './bus/mockEventBus.js';
export { EventBuilders } from './testing/eventBuilders.js';
export { FakeBroker } from './testing/fakeBroker.js';
export { SimulatedClock } from './util/clock.js';
