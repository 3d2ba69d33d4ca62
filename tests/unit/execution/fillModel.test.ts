import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { at, entry, exit, makeConfig, barByBar as setup } from './executionFixtures.js';

describe('fill model (fill_price: next_open)', () => {
  it('an entry decided on a close waits, then fills at the next bar open stamped with that bar time', async () => {
    const { broker, executor, bar } = setup({ broker: { spread_pips: 0.8, slippage_pips: 0.2 } });
    const queued = await executor.execute(entry('2025-01-06T09:00:00Z', { price: 1.1 }));
    expect(queued.status).toBe('queued');
    expect(broker.getPositions()).toHaveLength(0);
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1012, 1.1015, 1.1008, 1.101);
    const [fill] = broker.getFills();
    // Open 1.1012 + half the 0.8 pip spread + 0.2 pip slippage, bought at the ask.
    expect(fill).toMatchObject({ price: 1.10126, time: at('2025-01-06T09:01:00Z'), intent: 'open' });
  });

  it('a gap through the stop fills at the open, not at the stop', async () => {
    const { broker, executor, bar } = setup();
    await executor.execute(
      entry('2025-01-06T09:00:00Z', { price: 1.1, stop_loss: 1.095, take_profit: 1.11 }),
    );
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1005, 1.0985, 1.099);
    expect(broker.getPositions()).toHaveLength(1);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.09, 1.0905, 1.088, 1.089);
    const close = broker.getFills()[1]!;
    expect(close).toMatchObject({ intent: 'close', price: 1.09, reason: 'stop_loss', orderType: 'stop' });
    expect(close.time).toBe(at('2025-01-06T09:02:00Z'));
    expect(close.realizedPnl).toBe(-100); // (1.09 − 1.10) × 0.1 × 100,000
  });

  it('a stop touched inside the bar fills at the stop level', async () => {
    const { broker, executor, bar } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z', { stop_loss: 1.095 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1005, 1.094, 1.099);
    expect(broker.getFills()[1]).toMatchObject({ price: 1.095, reason: 'stop_loss' });
  });

  it('when one bar touches both the stop and the target, the stop is taken', async () => {
    const { broker, executor, bar } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z', { stop_loss: 1.095, take_profit: 1.105 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.106, 1.094, 1.1);
    expect(broker.getFills()[1]).toMatchObject({ price: 1.095, reason: 'stop_loss' });
  });

  it('a take-profit fills at the target exactly, with no spread or slippage against it', async () => {
    const { broker, executor, bar } = setup({ broker: { spread_pips: 1, slippage_pips: 1 } });
    await executor.execute(entry('2025-01-06T09:00:00Z', { direction: 'short', take_profit: 1.095 }));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.094, 1.096);
    expect(broker.getFills()[1]).toMatchObject({ price: 1.095, reason: 'take_profit', orderType: 'limit' });
  });

  it('an exit decided on a close fills at the next open, and an end-of-data exit fills at once', async () => {
    const { broker, executor, bar } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.1, 1.1);
    expect((await executor.execute(exit('2025-01-06T09:01:00Z', { price: 1.102 }))).status).toBe('queued');
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.103, 1.104, 1.1, 1.101);
    expect(broker.getFills()[1]).toMatchObject({ price: 1.103, time: at('2025-01-06T09:02:00Z') });
    await executor.execute(entry('2025-01-06T09:02:00Z', { price: 1.101 }));
    bar('EURUSD', '2025-01-06T09:03:00Z', 1.1, 1.1, 1.1, 1.1);
    const last = await executor.execute(exit('2025-01-06T09:03:00Z', { price: 1.1, reason: 'end_of_data' }));
    expect(last).toMatchObject({ status: 'filled', fill: { price: 1.1, time: at('2025-01-06T09:03:00Z') } });
  });
});

describe('account currency', () => {
  it('USD/CHF PnL in a USD account equals the hand computation for two trades', async () => {
    const { broker, executor, bar } = setup({
      symbol: 'USDCHF',
      broker: { spread_pips: 0, slippage_pips: 0, commission_per_lot: 7 },
      sizing: { mode: 'fixed', fixed_size: 1 },
    });
    const chf = { symbol: 'USDCHF' };
    await executor.execute(entry('2025-01-06T09:00:00Z', { ...chf, price: 1.5 }));
    bar('USDCHF', '2025-01-06T09:01:00Z', 1.501, 1.502, 1.5, 1.502);
    await executor.execute(exit('2025-01-06T09:02:00Z', { ...chf, price: 1.515 }));
    bar('USDCHF', '2025-01-06T09:03:00Z', 1.516, 1.517, 1.515, 1.516);
    await executor.execute(entry('2025-01-06T09:04:00Z', { ...chf, direction: 'short', price: 1.52 }));
    bar('USDCHF', '2025-01-06T09:05:00Z', 1.52, 1.521, 1.519, 1.52);
    await executor.execute(exit('2025-01-06T09:06:00Z', { ...chf, direction: 'short', price: 1.53 }));
    bar('USDCHF', '2025-01-06T09:07:00Z', 1.53, 1.531, 1.529, 1.53);
    const closes = broker.getFills().filter((fill) => fill.intent === 'close');
    // Trade 1: (1.5160 − 1.5010) × 100,000 = 1,500 CHF, at 1.5160 CHF per USD = 989.45 USD.
    // Trade 2: −(1.5300 − 1.5200) × 100,000 = −1,000 CHF, at 1.5300 = −653.59 USD.
    expect(closes.map((fill) => fill.realizedPnl)).toEqual([989.45, -653.59]);
    // Commission is in account currency: 3.50 per side per lot, 4 sides.
    expect(broker.getAccount().balance).toBe(10_000 + 989.45 - 653.59 - 14);
  });

  it('a cross with no conversion is an error before anything trades', () => {
    expect(() => new PaperBroker({ trading: makeConfig({ symbol: 'EURGBP' }).trading })).toThrow(
      /EURGBP is quoted in GBP but the account is in USD.*"GBP\/USD"/,
    );
    const fixed = makeConfig({ symbol: 'EURGBP', conversion_rates: { 'GBP/USD': 1.25 } });
    expect(() => new PaperBroker({ trading: fixed.trading })).not.toThrow();
  });
});

describe('margin', () => {
  /** One lot of EURUSD opened at 1.10 (1/30 margin: 3,666.67 used), frictionless, stop-out at 50 %. */
  async function oneLotFrom110(direction: 'long' | 'short') {
    const opened = setup({ sizing: { mode: 'fixed', fixed_size: 1 } });
    await opened.executor.execute(entry('2025-01-06T09:00:00Z', { direction }));
    opened.bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.1, 1.1);
    return opened;
  }

  it('a trade too large for the free margin is rejected, counted, and leaves no position', async () => {
    const { broker, executor, executions, bar } = setup(
      { sizing: { mode: 'fixed', fixed_size: 5 } },
      { max_position_size: 10 },
    );
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    bar('EURUSD', '2025-01-06T09:01:00Z', 1.1, 1.1, 1.1, 1.1);
    // 5 lots × 100,000 × 1.10 = 550,000 USD at 1/30 margin = 18,333.33 > 10,000 free.
    expect(executions[0]?.result).toMatchObject({ status: 'rejected', reason: 'insufficient_margin' });
    expect(broker.getPositions()).toHaveLength(0);
    expect(executor.rejections.get('insufficient_margin')).toBe(1);
  });

  // 1 lot long from 1.10, 1/30 margin, stop-out at 50%: equity 10,000 + (p − 1.10) × 100,000 equals half the
  // margin p × 100,000 / 30 at p = 100,000 / 98,333.33 = 1.016949...; the first 0.00001 tick below it is 1.01694.
  it('a bar falling through the stop-out level closes the position where the level was crossed, not at the close', async () => {
    const { broker, bar } = await oneLotFrom110('long');
    expect(broker.getAccount().usedMargin).toBeCloseTo(3666.67, 2);
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.1, 1.015, 1.015);
    expect(broker.getPositions()).toHaveLength(0);
    expect(broker.getFills()[1]).toMatchObject({ reason: 'margin_call', price: 1.01694 });
    expect(broker.getAccount()).toMatchObject({ marginCalls: 1, balance: 1694 });
  });

  it('a stop-out level touched only inside the bar is a margin call although the bar closes above it', async () => {
    const { broker, bar } = await oneLotFrom110('long');
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.1, 1.0165, 1.09);
    expect(broker.getFills()[1]).toMatchObject({ reason: 'margin_call', price: 1.01694 });
    expect(broker.getAccount()).toMatchObject({ marginCalls: 1, equity: 1694 });
  });

  it('a bar opening beyond the stop-out level closes the position at the open', async () => {
    const { broker, bar } = await oneLotFrom110('long');
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.01, 1.05, 1.0, 1.04);
    expect(broker.getFills()[1]).toMatchObject({ reason: 'margin_call', price: 1.01 });
    expect(broker.getAccount()).toMatchObject({ marginCalls: 1, balance: 1000 });
  });

  // Short 1 lot from 1.10: 10,000 − (p − 1.10) × 100,000 = p × 100,000 / 60 at p = 120,000 / 101,666.67 = 1.180328.
  it('a short position is stopped out against the bar high', async () => {
    const { broker, bar } = await oneLotFrom110('short');
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.19, 1.1, 1.12);
    expect(broker.getFills()[1]).toMatchObject({ reason: 'margin_call', price: 1.18033 });
  });

  it('a bar that stays above the stop-out level leaves the position open', async () => {
    const { broker, bar } = await oneLotFrom110('long');
    bar('EURUSD', '2025-01-06T09:02:00Z', 1.1, 1.1, 1.0175, 1.09);
    expect(broker.getPositions()).toHaveLength(1);
    expect(broker.getAccount()).toMatchObject({ marginCalls: 0, equity: 9000 });
  });
});
