import { describe, expect, it } from 'vitest';
import { EntrySignalEventSchema } from '../../../src/events/tradingEventSchemas.js';
import { limitEntryPrice, limitOnTick } from '../../../src/execution/workingOrders.js';
import { entryLimit } from '../../../src/strategies/exitRules.js';
import { at, barByBar, entry } from './executionFixtures.js';

const candle = (open: number, high: number, low: number, close: number) => ({
  time: 0,
  open,
  high,
  low,
  close,
  volume: 1,
});

describe('limit entries', () => {
  it('a buy limit fills at its price, without spread, when a later bar trades down to it', async () => {
    const { broker, executor, executions, bar } = barByBar({
      broker: { spread_pips: 0.8, slippage_pips: 0.2 },
    });
    const queued = await executor.execute(entry('2025-01-06T09:00:00Z', { price: 1.1, limit_price: 1.098 }));
    expect(queued.status).toBe('queued');
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1005, 1.0985, 1.099);
    expect(broker.getPositions()).toHaveLength(0);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.099, 1.0995, 1.0978, 1.0982);
    expect(broker.getFills()).toMatchObject([
      { intent: 'open', price: 1.098, orderType: 'limit', time: at('2025-01-06T09:02:00Z') },
    ]);
    expect(executions[0]?.signal?.type).toBe('EntrySignalEvent');
  });

  it('a bar opening below a buy limit fills it at the better open', async () => {
    const { broker, executor, bar } = barByBar();
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.098 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.096, 1.097, 1.095, 1.0965);
    expect(broker.getFills()[0]?.price).toBe(1.096);
  });

  it('a sell limit fills when a bar trades up to it, at the limit or at a higher open', async () => {
    expect(limitEntryPrice('short', 1.102, candle(1.1, 1.1025, 1.099, 1.1))).toBe(1.102);
    expect(limitEntryPrice('short', 1.102, candle(1.104, 1.105, 1.103, 1.104))).toBe(1.104);
    expect(limitEntryPrice('short', 1.102, candle(1.1, 1.1015, 1.099, 1.1))).toBeUndefined();
    const { broker, executor, bar } = barByBar();
    await executor.execute(entry('2025-01-06T09:00:00Z', { direction: 'short', limit_price: 1.102 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1025, 1.099, 1.1);
    expect(broker.getPositions()).toMatchObject([{ direction: 'short', entryPrice: 1.102 }]);
  });

  it('a limit not reached within limit_expiry_bars is cancelled, reported and counted, leaving no position', async () => {
    const { broker, executor, executions, bar } = barByBar({ limit_expiry_bars: 2 });
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.098 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1005, 1.099, 1.1);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.1005, 1.099, 1.1);
    expect(executor.workingOrders()).toHaveLength(1);
    // The third bar after the decision may no longer fill it, even though it reaches the limit.
    bar('EURUSD', '2025-01-06T09:03:00Z', 1.1, 1.1005, 1.09, 1.1);
    expect(executor.workingOrders()).toHaveLength(0);
    expect(broker.getFills()).toHaveLength(0);
    expect(executions.map(({ result }) => result)).toMatchObject([
      { status: 'cancelled', reason: 'limit_expired' },
    ]);
    expect(executor.cancellations.get('limit_expired')).toBe(1);
    expect(executor.snapshot().cancellations).toEqual([['limit_expired', 1]]);
  });

  it('a newer entry decision replaces a limit entry the market has not reached', async () => {
    const { broker, executor, bar } = barByBar();
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.098 }));
    const second = await executor.execute(entry('2025-01-06T09:01:00Z', { price: 1.1, limit_price: 1.099 }));
    expect(second.status).toBe('queued');
    expect(executor.workingOrders()).toHaveLength(1);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.1, 1.0985, 1.099);
    expect(broker.getFills()).toMatchObject([{ price: 1.099 }]);
  });

  it('with fill_price: close a limit entry still waits for a later bar to reach its price', async () => {
    const { broker, executor, bar } = barByBar({ fill_price: 'close' });
    expect((await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.098 }))).status).toBe(
      'queued',
    );
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.097, 1.099);
    expect(broker.getFills()).toMatchObject([{ price: 1.098, orderType: 'limit' }]);
  });

  it('a limit off the tick is rounded to the side that never pays more: buy down, sell up', async () => {
    expect(limitOnTick('long', 1.0995049, 0.00001)).toBe(1.0995);
    expect(limitOnTick('short', 1.1004951, 0.00001)).toBe(1.1005);
    expect(limitOnTick('long', 1.1, 0.00001)).toBe(1.1);
    const { broker, executor, bar } = barByBar();
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.0980049 }));
    expect(executor.workingOrders()[0]?.referencePrice).toBe(1.098);
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.09, 1.099);
    expect(broker.getFills()[0]?.price).toBe(1.098);
  });

  it('the stop and target of a limit entry are held from its fill', async () => {
    const { broker, executor, bar } = barByBar();
    await executor.execute(entry('2025-01-06T09:00:00Z', { limit_price: 1.098, stop_loss: 1.096 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.0975, 1.099);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.099, 1.099, 1.0955, 1.097);
    expect(broker.getFills()).toMatchObject([{ price: 1.098 }, { price: 1.096, reason: 'stop_loss' }]);
  });
});

describe('limit prices in entry signals', () => {
  const signal = (fields: Record<string, unknown>) =>
    EntrySignalEventSchema.safeParse({ ...entry('2025-01-06T09:00:00Z'), ...fields });

  it('a long limit above the decision price is refused, naming limit_price', () => {
    const result = signal({ limit_price: 1.101 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['limit_price'] });
    expect(result.error?.issues[0]?.message).toContain('at or below');
  });

  it('stop and target sides are judged from the limit, where the position is entered', () => {
    // Target 1.099 is below the decision price 1.1 but above the limit 1.097: valid.
    expect(signal({ limit_price: 1.097, stop_loss: 1.095, take_profit: 1.099 }).success).toBe(true);
    expect(signal({ limit_price: 1.097, stop_loss: 1.0975 }).success).toBe(false);
  });

  it('entry_limit_atr puts the limit that many ATRs better than the close, none without an ATR', () => {
    expect(entryLimit('long', 1.1, 0.002, 0.5)?.limitPrice).toBeCloseTo(1.099, 12);
    expect(entryLimit('short', 1.1, 0.002, 0.5)?.limitPrice).toBeCloseTo(1.101, 12);
    expect(entryLimit('long', 1.1, undefined, 0.5)).toBeUndefined();
    expect(entryLimit('long', 1.1, 0.002, undefined)).toBeUndefined();
  });
});
