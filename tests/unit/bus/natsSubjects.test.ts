import { describe, expect, it } from 'vitest';
import { NatsSubjects } from '../../../src/bus/nats/natsSubjects.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';

const envelope = { eventId: 'e-1', timestamp: 0, correlationId: 'c-1' };
const candle: TradingEvent = {
  type: 'NewCandleEvent',
  ...envelope,
  symbol: 'EURUSD',
  timeframe: '1',
  bar: { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 },
};

describe('NatsSubjects', () => {
  it('names an event subject <prefix>.<type>.<symbol>', () => {
    expect(NatsSubjects.forEvent('ts', candle)).toBe('ts.NewCandleEvent.EURUSD');
  });

  it('uses "_" as the symbol token of an event without a symbol', () => {
    const failed: TradingEvent = {
      type: 'ServiceFailedEvent',
      ...envelope,
      service: 'data_fetching',
      error: 'x',
    };
    expect(NatsSubjects.forEvent('ts', failed)).toBe('ts.ServiceFailedEvent._');
  });

  it('replaces dots, wildcards and spaces in a symbol so the subject keeps exactly three tokens', () => {
    expect(NatsSubjects.token('BTC.USD')).toBe('BTC_USD');
    expect(NatsSubjects.token('A*B>C D')).toBe('A_B_C_D');
    expect(NatsSubjects.token('BTC/USD')).toBe('BTC/USD');
  });

  it('filters one type on all symbols, one type on one symbol, or everything for "*"', () => {
    expect(NatsSubjects.filter('ts', 'NewCandleEvent')).toBe('ts.NewCandleEvent.>');
    expect(NatsSubjects.filter('ts', 'NewCandleEvent', 'BTC.USD')).toBe('ts.NewCandleEvent.BTC_USD');
    expect(NatsSubjects.filter('ts', '*')).toBe('ts.>');
  });

  it('recognises dead-letter subjects and reads the type token of event subjects', () => {
    expect(NatsSubjects.deadLetter('ts', 'handler_failed')).toBe('ts.deadletter.handler_failed');
    expect(NatsSubjects.isDeadLetter('ts', 'ts.deadletter.invalid')).toBe(true);
    expect(NatsSubjects.isDeadLetter('ts', 'ts.NewCandleEvent.EURUSD')).toBe(false);
    expect(NatsSubjects.typeOf('ts', 'ts.NewCandleEvent.EURUSD')).toBe('NewCandleEvent');
    expect(NatsSubjects.typeOf('ts', 'other.NewCandleEvent.EURUSD')).toBeUndefined();
    expect(NatsSubjects.typeOf('ts', 'ts.NewCandleEvent')).toBeUndefined();
  });

  it('builds durable names from the consumer name, type and symbol, keeping only portable characters', () => {
    expect(NatsSubjects.durableName('indicators', 'NewCandleEvent')).toBe('indicators_NewCandleEvent');
    expect(NatsSubjects.durableName('audit', '*')).toBe('audit_all');
    expect(NatsSubjects.durableName('risk.desk', 'NewCandleEvent', 'BTC/USD')).toBe(
      'risk_desk_NewCandleEvent_BTC_USD',
    );
  });
});
