import { describe, expect, it } from 'vitest';
import { brokerSideExit, brokerSideOrderFields, orderTime } from '../../../src/execution/brokerSideExit.js';
import { at, entry, order } from './executionFixtures.js';

describe('broker-side exits (stops, targets, margin calls)', () => {
  it('stand for an exit signal of the bar they happened in, so the outbox records them like any order', () => {
    const stop = order({
      intent: 'close',
      reason: 'stop_loss',
      referencePrice: 1.095,
      time: at('2025-01-06T10:02:00Z'),
    });
    const bar = {
      eventId: 'bar-7',
      correlationId: 'c-7',
      timestamp: at('2025-01-06T10:03:00Z'),
      timeframe: '1',
    };
    expect(brokerSideExit(stop, bar)).toEqual({
      type: 'ExitSignalEvent',
      eventId: 'bar-7:stop_loss:broker',
      timestamp: bar.timestamp,
      correlationId: 'c-7',
      symbol: 'EURUSD',
      strategy_name: 'test',
      direction: 'long',
      timeframe: '1',
      candle_time: at('2025-01-06T10:02:00Z'),
      price: 1.095,
      reason: 'stop_loss',
    });
    expect(brokerSideExit(stop, undefined)).toBeUndefined();
  });

  it('get their order type and reason back from the client order id when re-sent after a crash', () => {
    const opening = 'ema_cross:EURUSD:1:20250106T100000Z';
    expect(brokerSideOrderFields(`${opening}:stop_loss`)).toEqual({ orderType: 'stop', reason: 'stop_loss' });
    expect(brokerSideOrderFields(`${opening}:take_profit`)).toEqual({
      orderType: 'limit',
      reason: 'take_profit',
    });
    expect(brokerSideOrderFields(`${opening}:margin_call`)).toEqual({
      orderType: 'market',
      reason: 'margin_call',
    });
    expect(brokerSideOrderFields(`${opening}:close`)).toEqual({});
  });
});

describe('orderTime', () => {
  it('is the close of the decision candle, or the event time for a timeframe that is not minutes', () => {
    expect(orderTime(entry('2025-01-06T10:00:00Z', { timeframe: '5' }))).toBe(at('2025-01-06T10:05:00Z'));
    const daily = entry('2025-01-06T00:00:00Z', { timeframe: '1d', timestamp: at('2025-01-07T00:00:05Z') });
    expect(orderTime(daily)).toBe(at('2025-01-07T00:00:05Z'));
  });
});
