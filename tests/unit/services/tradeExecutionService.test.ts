import { describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../../../src/events/tradingEvents.js';
import type { Broker, OrderRequest } from '../../../src/execution/broker.js';
import { OrderRejectedError } from '../../../src/execution/orderRejectedError.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { TradeExecutor } from '../../../src/execution/tradeExecutor.js';
import { TradeExecutionService } from '../../../src/services/tradeExecutionService.js';
import { bar, createServiceHarness, MINUTE, makeConfig, T0 } from './serviceFixtures.js';

const at = (hhmm: string) => Date.parse(`2025-01-06T${hhmm}:00Z`);

function setup(input: SystemConfigInput = {}, wrap?: (broker: Broker) => Broker, cycle?: { open: boolean }) {
  const harness = createServiceHarness();
  // Decision-time fills unless the test asks for next_open: these tests are about the service's events.
  const config = makeConfig({ ...input, trading: { fill_price: 'close', ...input.trading } });
  const paper = new PaperBroker({ trading: config.trading });
  const broker = wrap ? wrap(paper) : paper;
  const executor = new TradeExecutor({ broker, trading: config.trading, risk: config.risk });
  const service = new TradeExecutionService(harness.io, {
    executor,
    config: config.services.trade_execution,
    baseTimeframe: '1',
    ...(cycle ? { cycle } : {}),
  });
  const settled: Promise<void>[] = [];
  // In a cycle, what the service's bus handlers call: a signal is kept for the cycle end (undefined).
  const received: Array<Promise<void> | undefined> = [];
  if (cycle) {
    harness.bus.subscribe('EntrySignalEvent', (event) => received.push(service.receiveSignal(event)));
    harness.bus.subscribe('ExitSignalEvent', (event) => received.push(service.receiveSignal(event)));
  } else {
    harness.bus.subscribe('EntrySignalEvent', (event) => settled.push(service.onSignal(event)));
    harness.bus.subscribe('ExitSignalEvent', (event) => settled.push(service.onSignal(event)));
  }
  harness.bus.subscribe('NewCandleEvent', (event) => service.onNewCandle(event));
  return { ...harness, service, broker, settled, received };
}

type Harness = ReturnType<typeof setup>;

function entry(harness: Harness, hhmm: string, overrides: Partial<EntrySignalEvent> = {}): EntrySignalEvent {
  const event = harness.events.create('EntrySignalEvent', {
    symbol: 'EURUSD',
    strategy_name: 'ema_cross',
    direction: 'long',
    timeframe: '1',
    candle_time: at(hhmm),
    price: 1.1,
    ...overrides,
  });
  harness.bus.publish(event);
  return event;
}

function exit(harness: Harness, hhmm: string, overrides: Partial<ExitSignalEvent> = {}): ExitSignalEvent {
  const event = harness.events.create('ExitSignalEvent', {
    symbol: 'EURUSD',
    strategy_name: 'ema_cross',
    direction: 'long',
    timeframe: '1',
    candle_time: at(hhmm),
    price: 1.101,
    reason: 'opposite_signal',
    ...overrides,
  });
  harness.bus.publish(event);
  return event;
}

function candle(harness: Harness, hhmm: string, timeframe = '1') {
  const index = (at(hhmm) - T0) / MINUTE;
  harness.bus.publish(
    harness.events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe, bar: bar(index) }),
  );
}

const newsWindow = (start: string, end: string): SystemConfigInput => ({
  trading: { news_blocks: [{ start: `2025-01-06T${start}:00Z`, end: `2025-01-06T${end}:00Z` }] },
});

describe('TradeExecutionService', () => {
  it('with fill_price next_open publishes nothing for a signal, then the fill at the next bar open caused by the signal', async () => {
    const harness = setup({ trading: { fill_price: 'next_open' } });
    const signal = entry(harness, '10:00');
    await harness.service.settled();
    expect(harness.bus.publishedOf('OrderPlacedEvent')).toEqual([]);
    const next = bar((at('10:01') - T0) / MINUTE, 1.1008);
    harness.service.onBar(
      harness.events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar: next }),
    );
    const [order] = harness.bus.publishedOf('OrderPlacedEvent');
    // Bought at the open plus half the 0.8 pip spread plus 0.2 pip slippage.
    expect(order).toMatchObject({ intent: 'open', causationId: signal.eventId, price: next.open + 0.00006 });
    expect(harness.service.metrics()).toMatchObject({ trades_executed: 1, orders_placed: 1 });
  });

  it('places an order for an entry signal and publishes OrderPlacedEvent with its deterministic client_order_id', async () => {
    const harness = setup();
    const signal = entry(harness, '10:00');
    await harness.service.settled();

    const [order, ...others] = harness.bus.publishedOf('OrderPlacedEvent');
    expect(others).toEqual([]);
    expect(order).toMatchObject({
      symbol: 'EURUSD',
      order_type: 'market',
      direction: 'long',
      size: 0.1,
      intent: 'open',
      strategy_name: 'ema_cross',
      client_order_id: 'ema_cross:EURUSD:1:20250106T100000Z:open',
      causationId: signal.eventId,
      correlationId: signal.correlationId,
    });
    expect(order!.price).toBeGreaterThan(1.1); // a long pays half the spread plus slippage
    expect(harness.broker.getPositions()).toHaveLength(1);
    expect(harness.service.metrics()).toEqual({
      trades_executed: 1,
      orders_placed: 1,
      orders_rejected: 0,
      risk_breaches: 0,
    });
  });

  it('closes the position on an exit signal with a close order', async () => {
    const harness = setup();
    entry(harness, '10:00');
    exit(harness, '10:05');
    await harness.service.settled();
    expect(
      harness.bus.publishedOf('OrderPlacedEvent').map((event) => [event.intent, event.client_order_id]),
    ).toEqual([
      ['open', 'ema_cross:EURUSD:1:20250106T100000Z:open'],
      ['close', 'ema_cross:EURUSD:1:20250106T100500Z:close'],
    ]);
    expect(harness.broker.getPositions()).toEqual([]);
    expect(harness.service.metrics()).toMatchObject({ trades_executed: 2, orders_placed: 2 });
  });

  it('ignores a replayed signal: one order, the signal still counted as executed', async () => {
    const harness = setup();
    const signal = entry(harness, '10:00');
    harness.bus.publish({ ...signal });
    await harness.service.settled();
    expect(harness.bus.publishedOf('OrderPlacedEvent')).toHaveLength(1);
    expect(harness.service.metrics()).toMatchObject({
      trades_executed: 2,
      orders_placed: 1,
      orders_rejected: 0,
    });
  });

  it('publishes TradingBlockedEvent once for a news window and TradingAuthorizedEvent when it ends', async () => {
    const harness = setup(newsWindow('10:00', '10:30'));
    const first = entry(harness, '10:05');
    entry(harness, '10:06', { strategy_name: 'other' });
    await harness.service.settled();

    const blocked = harness.bus.publishedOf('TradingBlockedEvent');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({
      symbol: 'EURUSD',
      reasons: ['news_block'],
      causationId: first.eventId,
    });
    expect(harness.bus.hasPublished('OrderPlacedEvent')).toBe(false);
    expect(harness.service.metrics()).toMatchObject({
      orders_rejected: 2,
      risk_breaches: 0,
      orders_placed: 0,
    });

    candle(harness, '10:28'); // closes 10:29: still inside the window
    expect(harness.bus.hasPublished('TradingAuthorizedEvent')).toBe(false);
    candle(harness, '10:29'); // closes 10:30: the window is over
    const authorized = harness.bus.publishedOf('TradingAuthorizedEvent');
    expect(authorized).toHaveLength(1);
    expect(authorized[0]!.reason).toMatch(/news_block/);
    expect(harness.bus.publishedOf('TradingBlockedEvent')).toHaveLength(1);

    entry(harness, '10:30');
    await harness.service.settled();
    expect(harness.bus.publishedOf('OrderPlacedEvent')).toHaveLength(1);
  });

  it('names every reason in TradingBlockedEvent and publishes again only when the reasons change', async () => {
    const harness = setup({
      trading: {
        sessions: [{ start: '12:00', end: '20:00' }],
        news_blocks: [{ start: '2025-01-06T10:00:00Z', end: '2025-01-06T10:30:00Z' }],
      },
    });
    entry(harness, '10:05');
    entry(harness, '10:06', { strategy_name: 'other' });
    entry(harness, '10:40', { strategy_name: 'third' });
    await harness.service.settled();
    expect(harness.bus.publishedOf('TradingBlockedEvent').map((event) => event.reasons)).toEqual([
      ['news_block', 'session_closed'],
      ['session_closed'],
    ]);
  });

  it('announces authorization when a filled entry finds the block gone before any candle did', async () => {
    const harness = setup(newsWindow('10:00', '10:30'));
    entry(harness, '10:05');
    const later = entry(harness, '10:45');
    await harness.service.settled();
    const types = harness.bus.published
      .filter((event) => event.type !== 'EntrySignalEvent')
      .map((event) => event.type);
    expect(types).toEqual(['TradingBlockedEvent', 'TradingAuthorizedEvent', 'OrderPlacedEvent']);
    expect(harness.bus.publishedOf('TradingAuthorizedEvent')[0]).toMatchObject({
      symbol: 'EURUSD',
      causationId: later.eventId,
    });
  });

  it('counts a risk breach when max_open_positions is reached', async () => {
    const harness = setup({ risk: { max_open_positions: 1 } });
    entry(harness, '10:00');
    entry(harness, '10:01', { strategy_name: 'other' });
    await harness.service.settled();
    expect(harness.bus.publishedOf('OrderPlacedEvent')).toHaveLength(1);
    expect(harness.bus.publishedOf('TradingBlockedEvent')[0]!.reasons).toEqual(['risk_breach']);
    expect(harness.service.metrics()).toEqual({
      trades_executed: 2,
      orders_placed: 1,
      orders_rejected: 1,
      risk_breaches: 1,
    });
  });

  it('counts an order the broker rejects, without publishing OrderPlacedEvent', async () => {
    const harness = setup({}, (paper) => {
      const rejecting = Object.create(paper) as Broker;
      rejecting.placeOrder = async (order: OrderRequest) => {
        throw new OrderRejectedError('market_closed', order);
      };
      return rejecting;
    });
    entry(harness, '10:00');
    await harness.service.settled();
    expect(harness.bus.hasPublished('OrderPlacedEvent')).toBe(false);
    expect(harness.service.metrics()).toMatchObject({
      trades_executed: 1,
      orders_placed: 0,
      orders_rejected: 1,
    });
  });

  it('fails the signal (so the service fails) when the broker throws something else', async () => {
    const harness = setup({}, (paper) => {
      const broken = Object.create(paper) as Broker;
      broken.placeOrder = async () => {
        throw new Error('socket closed');
      };
      return broken;
    });
    entry(harness, '10:00');
    await expect(harness.settled[0]).rejects.toThrow('socket closed');
    // The queue stays usable for the restarted service.
    await expect(harness.service.settled()).resolves.toBeUndefined();
  });

  it('in batch mode holds signals until batch_size of them arrived, then executes them in order', async () => {
    const harness = setup({ services: { trade_execution: { execution_mode: 'batch', batch_size: 3 } } });
    entry(harness, '10:00', { strategy_name: 'a' });
    entry(harness, '10:00', { strategy_name: 'b' });
    await harness.service.settled();
    expect(harness.bus.hasPublished('OrderPlacedEvent')).toBe(false);
    entry(harness, '10:00', { strategy_name: 'c' });
    await harness.service.settled();
    expect(harness.bus.publishedOf('OrderPlacedEvent').map((event) => event.strategy_name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(harness.service.metrics()).toMatchObject({ trades_executed: 3, orders_placed: 3 });
  });

  it('executes a partial batch on flush (shutdown), leaving no signal behind', async () => {
    const harness = setup({ services: { trade_execution: { execution_mode: 'batch', batch_size: 5 } } });
    entry(harness, '10:00', { strategy_name: 'a' });
    entry(harness, '10:00', { strategy_name: 'b' });
    await harness.service.flush();
    expect(harness.bus.publishedOf('OrderPlacedEvent').map((event) => event.strategy_name)).toEqual([
      'a',
      'b',
    ]);
    await harness.service.flush();
    expect(harness.bus.publishedOf('OrderPlacedEvent')).toHaveLength(2);
  });

  it('marks positions to market on base candles only', async () => {
    const harness = setup();
    entry(harness, '10:00');
    await harness.service.settled();
    const before = harness.broker.getAccount().unrealizedPnl;
    const index = (at('10:01') - T0) / MINUTE;
    harness.bus.publish(
      harness.events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '5', bar: bar(index, 1.2) }),
    );
    expect(harness.broker.getAccount().unrealizedPnl).toBe(before);
    harness.bus.publish(
      harness.events.create('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar: bar(index, 1.2) }),
    );
    expect(harness.broker.getAccount().unrealizedPnl).toBeGreaterThan(before);
  });

  describe('during a cycle (the cycle window open)', () => {
    function setupInCycle(wrap?: (broker: Broker) => Broker) {
      const cycle = { open: true };
      return { ...setup({}, wrap, cycle), cycle };
    }

    it('keeps received signals for the cycle end, then executes them in arrival order without a promise', () => {
      const harness = setupInCycle();
      entry(harness, '10:00', { strategy_name: 'a' });
      entry(harness, '10:00', { strategy_name: 'b' });
      expect(harness.received).toEqual([undefined, undefined]);
      expect(harness.service.metrics().trades_executed).toBe(0);
      harness.cycle.open = false;
      const failures: unknown[] = [];
      expect(harness.service.runDeferred((error) => failures.push(error))).toBeUndefined();
      expect(harness.service.metrics().trades_executed).toBe(2);
      expect(failures).toEqual([]);
      // Nothing is left for the next cycle end.
      expect(harness.service.runDeferred((error) => failures.push(error))).toBeUndefined();
      expect(harness.service.metrics().trades_executed).toBe(2);
    });

    it('takes the promise path once the window is closed', async () => {
      const harness = setupInCycle();
      harness.cycle.open = false;
      entry(harness, '10:00');
      expect(harness.received[0]).toBeInstanceOf(Promise);
      await harness.received[0];
    });

    it('reports a failed execution with its signal and still executes the signals after it, in order', async () => {
      let calls = 0;
      const harness = setupInCycle((paper) => {
        const flaky = Object.create(paper) as Broker;
        flaky.placeOrder = async (order: OrderRequest) => {
          calls++;
          if (order.strategyName === 'a') throw new Error('socket closed');
          return paper.placeOrder(order);
        };
        return flaky;
      });
      const first = entry(harness, '10:00', { strategy_name: 'a' });
      entry(harness, '10:00', { strategy_name: 'b' });
      expect(calls).toBe(0);
      const callsBefore = calls;
      harness.cycle.open = false;
      const failures: Array<{ error: unknown; eventId: string }> = [];
      const pending = harness.service.runDeferred((error, signal) =>
        failures.push({ error, eventId: signal.eventId }),
      );
      // The broker answers asynchronously: the rest waits on the queue, and the promise settles with it.
      expect(pending).toBeInstanceOf(Promise);
      await pending;
      expect(calls - callsBefore).toBe(2);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.eventId).toBe(first.eventId);
      expect(String(failures[0]!.error)).toContain('socket closed');
    });

    it('executes what the cycle left on flush (shutdown)', async () => {
      const harness = setupInCycle();
      entry(harness, '10:00');
      expect(harness.service.metrics().trades_executed).toBe(0);
      harness.cycle.open = false;
      await harness.service.flush();
      expect(harness.service.metrics().trades_executed).toBe(1);
    });
  });
});
