import { EventBus } from '../src/bus/eventBus.js';
import { EventFactory } from '../src/events/eventFactory.js';
import type { TradingEvent } from '../src/events/tradingEvents.js';
import { CorrelationContext } from '../src/logging/correlationContext.js';
import { SimulatedClock } from '../src/util/clock.js';
import { createIdGenerator } from '../src/util/idGenerator.js';
import { type BenchRow, median } from './benchRow.js';

const subscriberCount = 4;
const eventsPerRound = 200_000;
const rounds = 15;
const warmUpRounds = 3;

/**
 * Sync publish-to-delivery throughput of `EventBus` (default config: history on) with 4 subscribers,
 * against a plain `Map<type, handler[]>` dispatch to the same 4 handlers in the same run. Rounds of the
 * two alternate so drift in machine load hits both; each figure is the median round. Two bus rows:
 * events published outside any correlation scope (the bus enters each event's scope: the worst case)
 * and inside the scope of their own correlation id (a service handling a cycle: the common case).
 *
 * @example
 * ```ts
 * const rows = await benchBus(); // rows[0].ratio ≈ bus events/s ÷ plain Map events/s
 * ```
 */
export async function benchBus(): Promise<BenchRow[]> {
  const events = candleEvents(1024);
  let sink = 0;
  const handlers: Array<(event: TradingEvent) => void> = [];
  for (let index = 0; index < subscriberCount; index++) {
    handlers.push((event) => {
      sink += event.timestamp & 1;
    });
  }

  const plain = new Map<string, Array<(event: TradingEvent) => void>>([['NewCandleEvent', handlers]]);
  const plainPublish = (event: TradingEvent): void => {
    const list = plain.get(event.type);
    if (list !== undefined) for (let index = 0; index < list.length; index++) list[index]!(event);
  };
  const bus = new EventBus({ mode: 'sync', historySize: 1000 });
  for (const handler of handlers) bus.subscribe('NewCandleEvent', handler);
  const busPublish = (event: TradingEvent): void => bus.publish(event);

  const mask = events.length - 1;
  const round = (publish: (event: TradingEvent) => void): number => {
    const start = process.hrtime.bigint();
    for (let index = 0; index < eventsPerRound; index++) publish(events[index & mask]!);
    return eventsPerRound / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  // One correlation id for every event, so "in scope" really is the scope of each event.
  const scopedEvents = events.map((event) => ({ ...event, correlationId: 'cycle-1' }));
  const scopedRound = (): number =>
    CorrelationContext.run(() => {
      const start = process.hrtime.bigint();
      for (let index = 0; index < eventsPerRound; index++) bus.publish(scopedEvents[index & mask]!);
      return eventsPerRound / (Number(process.hrtime.bigint() - start) / 1e9);
    }, 'cycle-1');

  const plainRates: number[] = [];
  const busRates: number[] = [];
  const scopedRates: number[] = [];
  for (let index = 0; index < warmUpRounds + rounds; index++) {
    const plainRate = round(plainPublish);
    const busRate = round(busPublish);
    const scopedRate = scopedRound();
    if (index < warmUpRounds) continue;
    plainRates.push(plainRate);
    busRates.push(busRate);
    scopedRates.push(scopedRate);
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the event loop breathe between rounds
  }
  if (sink < 0) console.log(sink); // keeps the handlers' work observable

  const baseline = median(plainRates);
  const busRate = median(busRates);
  const scopedRate = median(scopedRates);
  // Ratios from rounds run back to back, so a slow patch of the machine hits both sides of each ratio.
  const ratio = median(busRates.map((rate, index) => rate / plainRates[index]!));
  const scopedRatio = median(scopedRates.map((rate, index) => rate / plainRates[index]!));
  return [
    {
      name: `bus sync publish, ${subscriberCount} subscribers, new scope per event`,
      value: busRate,
      unit: 'events/s',
      baseline,
      ratio,
      target: 0.33,
    },
    {
      name: `bus sync publish, ${subscriberCount} subscribers, publisher in event scope`,
      value: scopedRate,
      unit: 'events/s',
      baseline,
      ratio: scopedRatio,
      target: 0.33,
    },
  ];
}

function candleEvents(count: number): TradingEvent[] {
  const clock = new SimulatedClock(Date.parse('2025-01-06T00:00:00Z'));
  const factory = new EventFactory(clock, createIdGenerator(7));
  const events: TradingEvent[] = [];
  for (let index = 0; index < count; index++) {
    clock.increment(60_000);
    const close = 1.1 + (index % 17) * 0.0001;
    const bar = {
      time: clock.now(),
      open: close,
      high: close + 0.0002,
      low: close - 0.0002,
      close,
      volume: 100,
    };
    events.push(factory.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }));
  }
  return events;
}
