import { describe, expect, it } from 'vitest';
import { defineService } from '../../../src/actors/defineService.js';
import { configFromObject } from '../../../src/config/configLoader.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { FaultInjector } from '../../../src/faults/faultInjector.js';
import { InjectedFault } from '../../../src/faults/injectedFault.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';

const events = new EventFactory(new SimulatedClock(0), createIdGenerator(1));
const bar = { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 };
const candle = () => events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
const order = () =>
  events.create('OrderPlacedEvent', {
    symbol: 'EURUSD',
    order_type: 'market',
    direction: 'long',
    size: 1,
    client_order_id: 'x',
    strategy_name: 's',
    intent: 'open',
    price: 1,
  });

/** Event numbers (1-based) on which `check` threw, over `count` events made by `make`. */
function faultedNumbers(injector: FaultInjector, count: number, make: () => TradingEvent = candle): number[] {
  const hits: number[] = [];
  for (let number = 1; number <= count; number++) {
    try {
      injector.check('indicator_calculation', make());
    } catch (error) {
      expect(error).toBeInstanceOf(InjectedFault);
      hits.push(number);
    }
  }
  return hits;
}

describe('FaultInjector', () => {
  it('faults the listed event numbers and every nth matching event, up to max', () => {
    const injector = new FaultInjector({
      rules: [
        { service: 'indicator_calculation', event_type: 'NewCandleEvent', at: [2, 3], every_nth: 5, max: 4 },
      ],
    });
    expect(faultedNumbers(injector, 30)).toEqual([2, 3, 5, 10]);
    expect(injector.injected('indicator_calculation')).toBe(4);
    expect(injector.injected('data_fetching')).toBe(0);
  });

  it('counts only events of the rule type and names service, type and number in the error', () => {
    const injector = new FaultInjector({
      rules: [{ service: 'indicator_calculation', event_type: 'NewCandleEvent', at: [2] }],
    });
    injector.check('indicator_calculation', order());
    injector.check('indicator_calculation', candle());
    expect(() => injector.check('indicator_calculation', candle())).toThrow(
      'injected fault in indicator_calculation on NewCandleEvent #2',
    );
  });

  it('draws random faults from its seed: the same seed faults the same events, another seed others', () => {
    const rules = [{ service: 'indicator_calculation' as const, probability: 0.2 }];
    const first = faultedNumbers(new FaultInjector({ seed: 5, rules }), 500);
    const again = faultedNumbers(new FaultInjector({ seed: 5, rules }), 500);
    const other = faultedNumbers(new FaultInjector({ seed: 6, rules }), 500);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.length).toBeGreaterThan(60);
    expect(first.length).toBeLessThan(140);
  });

  it('is off unless enabled in the configuration, and wraps only the services its rules name', () => {
    const off = configFromObject({ faults: { rules: [{ service: 'trade_execution' }] } });
    expect(FaultInjector.fromConfig(off.faults)).toBeUndefined();
    const on = configFromObject({ faults: { enabled: true, rules: [{ service: 'trade_execution' }] } });
    const injector = FaultInjector.fromConfig(on.faults)!;
    const handled: string[] = [];
    const definition = defineService({
      name: 'trade_execution',
      displayName: 'TradeExecutionService',
      initialize: () => ({}),
      subscribe: () => ({ NewCandleEvent: (event) => void handled.push(event.eventId) }),
    });
    const other = { ...definition, name: 'strategy_evaluation' };
    expect(injector.wrap(other)).toBe(other);
    const handlers = injector.wrap(definition).subscribe!({}, {} as never);
    expect(() => handlers.NewCandleEvent!(candle())).toThrow(InjectedFault);
    // The fault comes before the handler: the event is not handled.
    expect(handled).toEqual([]);
  });

  it('rejects a rule with a probability above 1, naming the key', () => {
    expect(() =>
      configFromObject({ faults: { enabled: true, rules: [{ service: 'data_fetching', probability: 2 }] } }),
    ).toThrow(/faults\.rules\.0\.probability/);
  });
});
