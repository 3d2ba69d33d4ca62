import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Broker, Fill, OrderRequest } from '../../../src/execution/broker.js';
import { OrderRejectedError } from '../../../src/execution/orderRejectedError.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { ALL_SYMBOLS, TradeExecutor } from '../../../src/execution/tradeExecutor.js';
import { at, entry, exit, makeConfig } from './executionFixtures.js';

function setup(trading: SystemConfigInput['trading'] = {}, risk: SystemConfigInput['risk'] = {}) {
  const config = makeConfig(trading, risk);
  const broker = new PaperBroker({ trading: config.trading });
  return { broker, executor: new TradeExecutor({ broker, ...config }) };
}

const news = {
  news_blocks: [{ start: '2025-01-06T10:00:00Z', end: '2025-01-06T10:30:00Z', symbols: ['EURUSD'] }],
};

describe('TradeExecutor entries and exits', () => {
  it('fills an entry at the close of its candle with a deterministic client order id', async () => {
    const { executor, broker } = setup();
    const result = await executor.execute(entry('2025-01-06T09:00:00Z'));
    expect(result).toMatchObject({
      status: 'filled',
      order: {
        clientOrderId: 'ema_cross:EURUSD:1:20250106T090000Z:open',
        size: 0.1,
        intent: 'open',
        direction: 'long',
        referencePrice: 1.1,
        // One time convention: a fill is stamped with the opening time of the bar it happens in.
        time: at('2025-01-06T09:00:00Z'),
      },
      fill: { price: 1.10006, commission: 0.35 },
    });
    expect(broker.getPositions()).toHaveLength(1);
  });

  it('closes the whole position on an exit, realizing its PnL', async () => {
    const { executor, broker } = setup({ sizing: { fixed_size: 0.1 } });
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    const result = await executor.execute(exit('2025-01-06T09:30:00Z', { price: 1.101 }));
    expect(result).toMatchObject({
      status: 'filled',
      order: { intent: 'close', size: 0.1 },
      fill: { realizedPnl: 8.8 },
    });
    expect(broker.getAccount().balance).toBe(10008.1);
  });

  it('ignores an entry while the strategy already holds the symbol, and a replayed signal', async () => {
    const { executor } = setup();
    const signal = entry('2025-01-06T09:00:00Z');
    await executor.execute(signal);
    expect(await executor.execute(signal)).toEqual({ status: 'ignored', reason: 'duplicate_order' });
    expect(await executor.execute(entry('2025-01-06T09:05:00Z'))).toEqual({
      status: 'ignored',
      reason: 'position_open',
    });
    expect((await executor.execute(entry('2025-01-06T09:05:00Z', { strategy_name: 'other' }))).status).toBe(
      'filled',
    );
  });

  it('ignores an exit without a matching open position', async () => {
    const { executor } = setup();
    expect(await executor.execute(exit('2025-01-06T09:00:00Z'))).toEqual({
      status: 'ignored',
      reason: 'no_open_position',
    });
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    expect(await executor.execute(exit('2025-01-06T09:01:00Z', { direction: 'short' }))).toEqual({
      status: 'ignored',
      reason: 'direction_mismatch',
    });
  });

  it('rejects an entry the sizer cannot size (risk_percent without a stop)', async () => {
    const { executor, broker } = setup({ sizing: { mode: 'risk_percent' } });
    expect(await executor.execute(entry('2025-01-06T09:00:00Z'))).toEqual({
      status: 'rejected',
      reason: 'no_stop_loss',
    });
    const sized = await executor.execute(entry('2025-01-06T09:01:00Z', { stop_loss: 1.098 }));
    expect(sized).toMatchObject({ status: 'filled', order: { size: 0.5 } });
    expect(broker.getPositions()).toHaveLength(1);
  });

  it('counts an entry the sizer sized to nothing with the rejected orders, by reason', async () => {
    const { executor } = setup({ sizing: { mode: 'risk_percent' } });
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    await executor.execute(entry('2025-01-06T09:01:00Z', { strategy_name: 'other' }));
    expect(Object.fromEntries(executor.rejections)).toEqual({ no_stop_loss: 2 });
  });

  it('reports a broker refusal as rejected and rethrows any other broker failure', async () => {
    const { trading, risk } = makeConfig();
    const failing = (error: Error): Broker => ({
      name: 'failing',
      placeOrder: (order: OrderRequest): Fill => {
        throw error instanceof OrderRejectedError ? new OrderRejectedError('market_closed', order) : error;
      },
      markToMarket: () => undefined,
      getAccount: () => new PaperBroker({ trading }).getAccount(),
      getPositions: () => [],
      getFills: () => [],
    });
    const refused = new TradeExecutor({ broker: failing(new OrderRejectedError('x')), trading, risk });
    expect(await refused.execute(entry('2025-01-06T09:00:00Z'))).toEqual({
      status: 'rejected',
      reason: 'market_closed',
    });
    const broken = new TradeExecutor({ broker: failing(new Error('connection reset')), trading, risk });
    await expect(broken.execute(entry('2025-01-06T09:00:00Z'))).rejects.toThrow('connection reset');
  });

  it('answers executeNow at once with a synchronous broker and with a promise with an asynchronous one', async () => {
    const { executor, broker } = setup();
    const now = executor.executeNow(entry('2025-01-06T09:00:00Z'));
    expect(now).not.toBeInstanceOf(Promise);
    expect(now).toMatchObject({ status: 'filled', fill: { price: 1.10006 } });
    const { trading, risk } = makeConfig();
    const later: Broker = {
      name: 'later',
      placeOrder: async (order: OrderRequest) => broker.placeOrder({ ...order, strategyName: 'other' }),
      markToMarket: () => undefined,
      getAccount: () => broker.getAccount(),
      getPositions: () => [],
      getFills: () => [],
    };
    const pending = new TradeExecutor({ broker: later, trading, risk }).executeNow(
      entry('2025-01-06T09:01:00Z'),
    );
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ status: 'filled', fill: { strategyName: 'other' } });
  });

  it('recognises signals already filled by a restored broker', async () => {
    const first = setup();
    const signal = entry('2025-01-06T09:00:00Z');
    await first.executor.execute(signal);
    const second = setup();
    second.broker.restore(first.broker.snapshot());
    expect(await second.executor.execute(signal)).toMatchObject({ status: 'ignored' });
    const fresh = new TradeExecutor({ broker: second.broker, ...makeConfig() });
    expect(await fresh.execute(signal)).toEqual({ status: 'ignored', reason: 'duplicate_order' });
  });
});

describe('TradeExecutor blocks', () => {
  it('news_block: blocks entries in the window, reports the block once and the authorization once', async () => {
    const { executor } = setup(news);
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T09:59:00Z'))).toEqual({});
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:00:00Z'))).toEqual({
      becameBlocked: {
        symbol: 'EURUSD',
        reasons: ['news_block'],
        details: [expect.stringMatching(/^news_block/)],
      },
    });
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:01:00Z'))).toEqual({});
    expect(await executor.execute(entry('2025-01-06T10:01:00Z'))).toMatchObject({
      status: 'blocked',
      reasons: ['news_block'],
      becameBlocked: false,
    });
    expect(executor.blockedReasons('EURUSD')).toEqual(['news_block']);
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:30:00Z'))).toEqual({
      becameAuthorized: { symbol: 'EURUSD', reason: 'news_block cleared' },
    });
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:31:00Z'))).toEqual({});
    expect((await executor.execute(entry('2025-01-06T10:31:00Z'))).status).toBe('filled');
  });

  it('news_block: reports becameBlocked on the first refused entry when no price came first', async () => {
    const { executor } = setup(news);
    expect(await executor.execute(entry('2025-01-06T10:05:00Z'))).toMatchObject({
      status: 'blocked',
      becameBlocked: true,
    });
    expect(await executor.execute(entry('2025-01-06T10:06:00Z'))).toMatchObject({
      status: 'blocked',
      becameBlocked: false,
    });
    expect(await executor.execute(entry('2025-01-06T10:05:00Z', { symbol: 'USDJPY' }))).toMatchObject({
      status: 'filled',
    });
  });

  it('allows exits while entries are blocked', async () => {
    const { executor, broker } = setup(news);
    await executor.execute(entry('2025-01-06T09:58:00Z'));
    executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:05:00Z'));
    expect((await executor.execute(entry('2025-01-06T10:05:00Z', { strategy_name: 'other' }))).status).toBe(
      'blocked',
    );
    expect(await executor.execute(exit('2025-01-06T10:05:00Z'))).toMatchObject({
      status: 'filled',
      order: { intent: 'close' },
    });
    expect(broker.getPositions()).toEqual([]);
  });

  it('session_closed: blocks outside a midnight-wrapping session and authorizes when it opens', () => {
    const { executor } = setup({ sessions: [{ start: '22:00', end: '06:00' }] });
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T05:59:00Z'))).toEqual({});
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T06:00:00Z')).becameBlocked?.reasons).toEqual([
      'session_closed',
    ]);
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T21:59:00Z'))).toEqual({});
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T22:00:00Z')).becameAuthorized?.reason).toBe(
      'session_closed cleared',
    );
  });

  it('max_position_size: refuses a fixed size above the limit', async () => {
    const { executor } = setup({ sizing: { fixed_size: 2 } }, { max_position_size: 1 });
    const result = await executor.execute(entry('2025-01-06T09:00:00Z'));
    expect(result).toMatchObject({ status: 'blocked', reasons: ['risk_breach'], becameBlocked: true });
    expect(result.status === 'blocked' && result.details).toEqual(['max_position_size: size 2 > limit 1']);
  });

  it('max_open_positions: refuses another strategy once the limit is open, and clears when one closes', async () => {
    const { executor } = setup({}, { max_open_positions: 1 });
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    const refused = await executor.execute(entry('2025-01-06T09:01:00Z', { strategy_name: 'other' }));
    expect(refused).toMatchObject({
      status: 'blocked',
      reasons: ['risk_breach'],
      details: ['max_open_positions: 1 open >= limit 1'],
    });
    await executor.execute(exit('2025-01-06T09:02:00Z'));
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T09:04:00Z'))).toEqual({
      becameAuthorized: { symbol: 'EURUSD', reason: 'risk_breach cleared' },
    });
  });

  it('max_daily_loss: blocks after a losing day and authorizes again at the UTC midnight', async () => {
    const { executor, broker } = setup({ sizing: { fixed_size: 0.2 } }, { max_daily_loss: 100 });
    await executor.execute(entry('2025-01-06T22:00:00Z', { price: 1.2 }));
    await executor.execute(exit('2025-01-06T22:30:00Z', { price: 1.195 })); // −102.40 − 1.40 commission
    expect(broker.getAccount().dailyRealizedPnl).toBe(-103.8);
    const change = executor.onPrice('EURUSD', 1.195, at('2025-01-06T23:59:00Z'));
    expect(change.becameBlocked?.details).toEqual(['max_daily_loss: loss 103.80 >= limit 100']);
    expect((await executor.execute(entry('2025-01-06T23:58:00Z', { price: 1.195 }))).status).toBe('blocked');
    expect(executor.onPrice('EURUSD', 1.195, at('2025-01-07T00:00:00Z'))).toEqual({
      becameAuthorized: { symbol: 'EURUSD', reason: 'risk_breach cleared' },
    });
    expect((await executor.execute(entry('2025-01-07T00:00:00Z', { price: 1.195 }))).status).toBe('filled');
  });

  it('max_drawdown: blocks when equity falls the limit percent below its peak', async () => {
    const { executor } = setup(
      { sizing: { fixed_size: 1 } },
      { max_drawdown_percent: 5, max_daily_loss: 1e9 },
    );
    await executor.execute(entry('2025-01-06T09:00:00Z')); // 1 lot at 1.10006
    expect(executor.onPrice('EURUSD', 1.098, at('2025-01-06T09:02:00Z'))).toEqual({}); // −2.1%
    const change = executor.onPrice('EURUSD', 1.094, at('2025-01-06T09:03:00Z')); // bid 1.09396: −610.00, −6.1%
    expect(change.becameBlocked?.reasons).toEqual(['risk_breach']);
    expect(change.becameBlocked?.details[0]).toMatch(/^max_drawdown: 6\.13% >= limit 5%/);
  });

  it('service_failed: an external block joins the reasons and its removal authorizes', async () => {
    const { executor } = setup(news);
    executor.onPrice('EURUSD', 1.1, at('2025-01-06T09:00:00Z'));
    expect(executor.setExternalBlock('EURUSD', 'service_failed', true)).toEqual([
      {
        becameBlocked: {
          symbol: 'EURUSD',
          reasons: ['service_failed'],
          details: ['service_failed: set externally'],
        },
      },
    ]);
    expect(await executor.execute(entry('2025-01-06T09:01:00Z'))).toMatchObject({
      status: 'blocked',
      reasons: ['service_failed'],
      becameBlocked: false,
    });
    // The news window starts: the set of reasons changes, so the block is reported again with both.
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:00:00Z')).becameBlocked?.reasons).toEqual([
      'news_block',
      'service_failed',
    ]);
    expect(executor.setExternalBlock('EURUSD', 'service_failed', false)[0]?.becameBlocked?.reasons).toEqual([
      'news_block',
    ]);
    expect(executor.onPrice('EURUSD', 1.1, at('2025-01-06T10:30:00Z')).becameAuthorized?.reason).toBe(
      'news_block cleared',
    );
  });

  it('stale_data for every symbol blocks each symbol already seen and clears them all', () => {
    const { executor } = setup();
    executor.onPrice('EURUSD', 1.1, at('2025-01-06T09:00:00Z'));
    executor.onPrice('GBPUSD', 1.25, at('2025-01-06T09:00:00Z'));
    const blocked = executor.setExternalBlock(ALL_SYMBOLS, 'stale_data', true);
    expect(blocked.map((change) => change.becameBlocked?.symbol)).toEqual(['EURUSD', 'GBPUSD']);
    expect(executor.onPrice('GBPUSD', 1.25, at('2025-01-06T09:01:00Z'))).toEqual({});
    const cleared = executor.setExternalBlock(ALL_SYMBOLS, 'stale_data', false);
    expect(cleared.map((change) => change.becameAuthorized?.reason)).toEqual([
      'stale_data cleared',
      'stale_data cleared',
    ]);
  });
});
