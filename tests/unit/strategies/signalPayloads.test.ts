import { describe, expect, it } from 'vitest';
import { entrySignalPayload, exitSignalPayload } from '../../../src/strategies/signalPayloads.js';

const base = {
  strategyName: 'ema_crossover',
  symbol: 'EURUSD',
  timeframe: '1',
  direction: 'long' as const,
  candleTime: 1_736_121_600_000,
  price: 1.08345,
  barIndex: 7,
};

describe('signal payloads', () => {
  it('serialize an entry with every level in the event field order', () => {
    const payload = entrySignalPayload({
      kind: 'entry',
      ...base,
      stopLoss: 1.082,
      takeProfit: 1.086,
      limitPrice: 1.083,
    });
    expect(JSON.stringify(payload)).toBe(
      '{"symbol":"EURUSD","strategy_name":"ema_crossover","direction":"long","timeframe":"1","candle_time":1736121600000,"price":1.08345,"stop_loss":1.082,"take_profit":1.086,"limit_price":1.083}',
    );
  });

  it('omit the levels an entry does not have (no key, not an undefined value)', () => {
    const payload = entrySignalPayload({ kind: 'entry', ...base, takeProfit: 1.086 });
    expect(Object.keys(payload)).toEqual([
      'symbol',
      'strategy_name',
      'direction',
      'timeframe',
      'candle_time',
      'price',
      'take_profit',
    ]);
  });

  it('serialize an exit with its reason last', () => {
    const payload = exitSignalPayload({ kind: 'exit', ...base, reason: 'stop_loss' });
    expect(JSON.stringify(payload)).toBe(
      '{"symbol":"EURUSD","strategy_name":"ema_crossover","direction":"long","timeframe":"1","candle_time":1736121600000,"price":1.08345,"reason":"stop_loss"}',
    );
  });
});
