import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import type { BarExecution, OrderOutbox } from '../../../src/execution/executionTypes.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { TradeExecutor } from '../../../src/execution/tradeExecutor.js';
import { at, entry, makeConfig } from './executionFixtures.js';

const frictionless = { spread_pips: 0, slippage_pips: 0, commission_per_lot: 0 };

/** A broker and an executor; `restart()` builds both anew from their snapshots, as a restarted process does. */
function process(
  trading: SystemConfigInput['trading'] = {},
  outbox?: OrderOutbox,
  risk: SystemConfigInput['risk'] = {},
) {
  const config = makeConfig({ broker: frictionless, ...trading }, risk);
  const build = (brokerState?: unknown, executorState?: ReturnType<TradeExecutor['snapshot']>) => {
    const broker = new PaperBroker({ trading: config.trading });
    if (brokerState !== undefined) broker.restore(brokerState);
    const executor = new TradeExecutor({ broker, ...config, ...(outbox ? { outbox } : {}) });
    if (executorState !== undefined) executor.restore(executorState);
    const executions: BarExecution[] = [];
    const bar = (iso: string, open: number, high: number, low: number, close: number) => {
      const candle: Candle = { time: at(iso), open, high, low, close, volume: 1 };
      executor.onBar('EURUSD', candle, (execution) => executions.push(execution));
    };
    // Through JSON, as a durable checkpoint stores them.
    const restart = () =>
      build(JSON.parse(JSON.stringify(broker.snapshot())), JSON.parse(JSON.stringify(executor.snapshot())));
    return { broker, executor, executions, bar, restart };
  };
  return build();
}

/** The outbox contract over a map, as the store implements it. */
function memoryOutbox() {
  const orders = new Map<string, { status: 'pending' | 'filled' | 'rejected'; reason?: string }>();
  const outbox: OrderOutbox = {
    find: (clientOrderId) => orders.get(clientOrderId),
    recordIntent: (order) => {
      if (orders.has(order.clientOrderId)) return false;
      orders.set(order.clientOrderId, { status: 'pending' });
      return true;
    },
    recordFill: (order) => void orders.set(order.clientOrderId, { status: 'filled' }),
    recordRejection: (order, reason) => void orders.set(order.clientOrderId, { status: 'rejected', reason }),
  };
  return { outbox, orders };
}

describe('TradeExecutor across a restart (snapshot / restore)', () => {
  it('fills the order queued before the restart at the next open, and keeps its stop', async () => {
    const before = process({ fill_price: 'next_open' });
    const signal = entry('2025-01-06T09:00:00Z', { price: 1.1, stop_loss: 1.095 });
    expect((await before.executor.execute(signal)).status).toBe('queued');
    const after = before.restart();
    expect(after.executor.workingOrders().map((order) => order.clientOrderId)).toEqual([
      'ema_cross:EURUSD:1:20250106T090000Z:open',
    ]);
    after.bar('2025-01-06T09:01:00Z', 1.1004, 1.1006, 1.0999, 1.1001);
    expect(after.executions).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ status: 'filled' }), signal }),
    ]);
    expect(after.broker.getFills()[0]).toMatchObject({ price: 1.1004, intent: 'open' });
    after.bar('2025-01-06T09:02:00Z', 1.0998, 1.0999, 1.094, 1.095);
    expect(after.broker.getFills()[1]).toMatchObject({ intent: 'close', reason: 'stop_loss', price: 1.095 });
    expect(after.broker.getPositions()).toEqual([]);
  });

  it('keeps the counts of refused and cancelled orders and the blocked periods', async () => {
    const before = process({ fill_price: 'next_open', limit_expiry_bars: 1 });
    await before.executor.execute(entry('2025-01-06T09:00:00Z', { price: 1.1, limit_price: 1.09 }));
    before.bar('2025-01-06T09:01:00Z', 1.1, 1.1005, 1.0995, 1.1);
    before.bar('2025-01-06T09:02:00Z', 1.1, 1.1005, 1.0995, 1.1);
    before.executor.setExternalBlock('EURUSD', 'service_failed', true);
    expect(before.executor.cancellations).toEqual(new Map([['limit_expired', 1]]));
    const after = before.restart();
    expect(after.executor.cancellations).toEqual(new Map([['limit_expired', 1]]));
    expect(after.executor.snapshot()).toEqual(before.executor.snapshot());
    expect(after.executor.blocks.periods()).toEqual(before.executor.blocks.periods());
  });

  it('moves its version whenever its snapshot changes (a durable store reads it again only then)', async () => {
    const { executor, bar } = process({ fill_price: 'next_open', limit_expiry_bars: 1 }, undefined, {
      max_drawdown_percent: 0.2,
      on_max_drawdown: 'resume',
      drawdown_cooloff_hours: 0.05,
    });
    let seen = { version: executor.version, json: JSON.stringify(executor.snapshot()) };
    let changes = 0;
    const check = () => {
      const json = JSON.stringify(executor.snapshot());
      if (json !== seen.json) {
        changes++;
        expect(executor.version).not.toBe(seen.version);
      }
      seen = { version: executor.version, json };
    };
    await executor.execute(entry('2025-01-06T09:00:00Z', { price: 1.1, stop_loss: 1.095, take_profit: 1.2 }));
    check();
    bar('2025-01-06T09:01:00Z', 1.1, 1.1005, 1.0995, 1.1);
    check();
    await executor.execute(
      entry('2025-01-06T09:01:00Z', { price: 1.1, limit_price: 1.05, strategy_name: 'rsi_reversion' }),
    );
    check();
    // The stop is hit: a loss beyond the drawdown limit, which blocks entries, then resets after the cool-off.
    bar('2025-01-06T09:02:00Z', 1.0998, 1.0999, 1.05, 1.06);
    check();
    for (let minute = 3; minute < 12; minute++) {
      bar(`2025-01-06T09:${String(minute).padStart(2, '0')}:00Z`, 1.06, 1.07, 1.05, 1.06);
      executor.onPrice('EURUSD', 1.06, at('2025-01-06T09:00:00Z') + (minute + 1) * 60_000);
      check();
    }
    // A position gaining after the reset: only the reset peak follows its equity.
    await executor.execute(entry('2025-01-06T09:12:00Z', { price: 1.06, strategy_name: 'macd_trend' }));
    bar('2025-01-06T09:13:00Z', 1.06, 1.07, 1.05, 1.06);
    for (let minute = 14; minute < 17; minute++) {
      bar(`2025-01-06T09:${minute}:00Z`, 1.06, 1.09, 1.05, 1.06 + minute / 1000);
      executor.onPrice('EURUSD', 1.06 + minute / 1000, at('2025-01-06T09:00:00Z') + (minute + 1) * 60_000);
      check();
    }
    executor.setExternalBlock('EURUSD', 'service_failed', true);
    check();
    executor.setExternalBlock('EURUSD', 'service_failed', false);
    check();
    expect(changes).toBeGreaterThan(3);
    // The drawdown block was reset after its cool-off: the peak it is measured from moved.
    expect(executor.snapshot().drawdown.resetPeak).toBeDefined();
  });

  it('restores a checkpoint written before limit entries existed (no cancellations) as none', async () => {
    const before = process();
    const { cancellations: _omitted, ...older } = before.executor.snapshot();
    const executor = new TradeExecutor({ broker: before.broker, ...makeConfig() });
    executor.restore(older);
    expect(executor.cancellations.size).toBe(0);
  });
});

describe('TradeExecutor with an order outbox: a signal replayed after a restart', () => {
  it('is reported filled again from the broker fill, without a second order', async () => {
    const { outbox } = memoryOutbox();
    const before = process({}, outbox);
    const signal = entry('2025-01-06T09:00:00Z');
    const first = await before.executor.execute(signal);
    expect(first.status).toBe('filled');
    const after = before.restart();
    const again = await after.executor.execute(signal);
    expect(again).toMatchObject({ status: 'filled', replayed: true, order: { size: 0.1, intent: 'open' } });
    expect(again.status === 'filled' && again.fill).toEqual(first.status === 'filled' && first.fill);
    expect(after.broker.getFills()).toHaveLength(1);
  });

  it('is rejected again with the recorded reason when the broker had refused it', async () => {
    const { outbox, orders } = memoryOutbox();
    const { executor, broker } = process({}, outbox);
    const signal = entry('2025-01-06T09:00:00Z');
    orders.set('ema_cross:EURUSD:1:20250106T090000Z:open', {
      status: 'rejected',
      reason: 'insufficient_margin',
    });
    expect(await executor.execute(signal)).toEqual({ status: 'rejected', reason: 'insufficient_margin' });
    orders.set('ema_cross:EURUSD:1:20250106T090000Z:open', { status: 'rejected' });
    expect(await executor.execute(signal)).toEqual({ status: 'rejected', reason: 'rejected' });
    expect(broker.getFills()).toEqual([]);
  });

  it('is ignored as a duplicate while its order is written but not known filled (reconciliation decides)', async () => {
    const { outbox, orders } = memoryOutbox();
    const { executor, broker } = process({}, outbox);
    orders.set('ema_cross:EURUSD:1:20250106T090000Z:open', { status: 'pending' });
    expect(await executor.execute(entry('2025-01-06T09:00:00Z'))).toEqual({
      status: 'ignored',
      reason: 'duplicate_order',
    });
    expect(broker.getFills()).toEqual([]);
  });

  it('records a broker refusal in the outbox so that the replay is refused without calling the broker', async () => {
    const { outbox, orders } = memoryOutbox();
    // 5 lots of EURUSD tie up more margin than the 10,000 account has.
    const before = process({ sizing: { mode: 'fixed', fixed_size: 5 } }, outbox, { max_position_size: 10 });
    const signal = entry('2025-01-06T09:00:00Z');
    const refused = { status: 'rejected' as const, reason: 'insufficient_margin' };
    expect(await before.executor.execute(signal)).toMatchObject(refused);
    expect(orders.get('ema_cross:EURUSD:1:20250106T090000Z:open')).toEqual(refused);
    const after = before.restart();
    expect(await after.executor.execute(signal)).toEqual(refused);
    // Counted once: the replay did not reach the broker.
    expect(after.executor.rejections.get('insufficient_margin')).toBe(1);
  });
});
