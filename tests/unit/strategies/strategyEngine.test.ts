import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { IndicatorRow } from '../../../src/events/candle.js';
import type { OrderPlacedEvent } from '../../../src/events/tradingEvents.js';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { entrySignalPayload } from '../../../src/strategies/signalPayloads.js';
import { StrategyConfigError } from '../../../src/strategies/strategyConfigError.js';
import { StrategyEngine, type StrategyEngineOptions } from '../../../src/strategies/strategyEngine.js';
import { StrategyEvaluationError } from '../../../src/strategies/strategyEvaluationError.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { row, strategyConfig, T0 } from './rows.js';
import { confirmAll, replay, scripted } from './scriptedStrategy.js';

const registry = StrategyRegistry.withBuiltins().register(scripted);
const base: StrategyEngineOptions = { symbols: ['EURUSD', 'GBPUSD'], defaultTimeframe: '1' };

function engineWith(
  strategy: Record<string, unknown>,
  section: Record<string, unknown> = {},
  options = base,
) {
  const config = strategyConfig({
    min_rows_required: 1,
    cooldown_bars: 1,
    ...section,
    strategies: [{ name: 's', type: 'scripted', ...strategy }],
  });
  return new StrategyEngine(config, registry, options);
}

/** A row with a scripted signal (0: none) and an ATR of 0.001. */
const sig = (i: number, signal: number, fields: Partial<IndicatorRow> = {}) =>
  row(i, { signal, atr: 0.001 }, { close: 1.1, ...fields });

describe('StrategyEngine entries', () => {
  it('enters at the close with stop and target at ATR multiples, marked pending until confirmed', () => {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3 });
    const [decision] = engine.evaluate('EURUSD', '1', [sig(0, 0), sig(1, 1)]);
    expect(decision).toEqual({
      kind: 'entry',
      strategyName: 's',
      symbol: 'EURUSD',
      timeframe: '1',
      direction: 'long',
      candleTime: T0 + 60_000,
      price: 1.1,
      barIndex: 0,
      stopLoss: 1.1 - 0.001 * 2,
      takeProfit: 1.1 + 0.001 * 3,
    });
    expect(engine.entryManager.position('EURUSD', 's')).toBeUndefined();
    expect(engine.entryManager.pendingEntry('EURUSD', 's')?.direction).toBe('long');
  });

  it('keeps the key order of the decision and of the checkpointed pending entry (serialized byte for byte)', () => {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3, entry_limit_atr: 0.5 });
    const [decision] = engine.evaluate('EURUSD', '1', [sig(0, 0), sig(1, 1)]);
    const pendingKeys = [
      'direction',
      'timeframe',
      'candleTime',
      'barIndex',
      'price',
      'stopLoss',
      'takeProfit',
    ];
    expect(Object.keys(decision!)).toEqual(['kind', 'strategyName', 'symbol', ...pendingKeys, 'limitPrice']);
    const [slot] = engine.entryManager.snapshot().slots;
    expect(Object.keys(slot!.pendingEntry!)).toEqual(pendingKeys);
  });

  it('with entry_limit_atr asks for a limit entry below the close, stop and target measured from the limit', () => {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3, entry_limit_atr: 0.5 });
    const [decision] = engine.evaluate('EURUSD', '1', [sig(0, 0), sig(1, 1)]);
    expect(decision).toMatchObject({ price: 1.1, limitPrice: 1.1 - 0.0005 });
    const levels = decision as { stopLoss: number; takeProfit: number };
    expect(levels.stopLoss).toBeCloseTo(1.0995 - 0.002, 12);
    expect(levels.takeProfit).toBeCloseTo(1.0995 + 0.003, 12);
    expect(entrySignalPayload(decision as Parameters<typeof entrySignalPayload>[0])).toMatchObject({
      limit_price: 1.1 - 0.0005,
    });
  });

  it('puts a short stop above and its target below the close, and omits both without an ATR', () => {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3 });
    const [short] = engine.evaluate('EURUSD', '1', [sig(0, -1)]);
    expect(short).toMatchObject({
      direction: 'short',
      stopLoss: 1.1 + 0.001 * 2,
      takeProfit: 1.1 - 0.001 * 3,
    });
    const [bare] = engine.evaluate('GBPUSD', '1', [row(0, { signal: 1 })]);
    expect(bare).toMatchObject({ kind: 'entry', direction: 'long' });
    expect(bare).not.toHaveProperty('stopLoss');
    expect(bare).not.toHaveProperty('takeProfit');
  });

  it('enters only in the configured regimes', () => {
    const engine = engineWith({ regimes: ['ranging'] });
    expect(engine.evaluate('EURUSD', '1', [sig(0, 1, { regime: 'trending_up' })])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 1, { regime: 'ranging' })])).toHaveLength(1);
  });

  it('evaluates only the configured symbols and timeframes', () => {
    const engine = engineWith({ symbols: ['GBPUSD'], timeframes: ['5'] });
    expect(engine.handles('GBPUSD', '5')).toBe(true);
    expect(engine.evaluate('EURUSD', '5', [sig(0, 1)])).toEqual([]);
    expect(engine.evaluate('GBPUSD', '1', [sig(0, 1)])).toEqual([]);
    expect(engine.evaluate('GBPUSD', '5', [sig(0, 1)])).toHaveLength(1);
    expect(engine.counters.strategiesEvaluated).toBe(1);
  });

  it('waits for min_rows_required rows and for the required columns on the last row', () => {
    const engine = engineWith({}, { min_rows_required: 3 });
    expect(engine.evaluate('EURUSD', '1', [sig(0, 0), sig(1, 1)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(0, 0), sig(1, 0), row(2, { atr: 0.001 })])).toEqual([]);
    expect(engine.counters.strategiesEvaluated).toBe(0);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0), sig(2, 0), sig(3, 1)])).toHaveLength(1);
  });

  it('on_new_candle ignores a candle time already evaluated; stale rows are ignored', () => {
    const engine = engineWith({});
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 1)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(0, 1)])).toEqual([]);
    expect(engine.counters.strategiesEvaluated).toBe(1);
  });

  it('on_every_update re-evaluates a repeated candle but never enters twice on it', () => {
    const engine = engineWith({}, { evaluation_mode: 'on_every_update' });
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 1)])).toHaveLength(1);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 1)])).toEqual([]); // pending entry on this candle
    expect(engine.counters.strategiesEvaluated).toBe(2);
  });

  it('keeps evaluating the other strategies when one throws, and reports the error', () => {
    const errors: StrategyEvaluationError[] = [];
    const config = strategyConfig({
      min_rows_required: 1,
      strategies: [
        { name: 'broken', type: 'throwing' },
        { name: 'fine', type: 'scripted' },
      ],
    });
    const withBroken = StrategyRegistry.withBuiltins()
      .register(scripted)
      .register(
        defineStrategy({
          type: 'throwing',
          description: 'Always throws',
          parameters: z.strictObject({}),
          create: () => ({
            type: 'throwing',
            requiredIndicators: [],
            evaluate: () => {
              throw new Error('kaput');
            },
          }),
        }),
      );
    const engine = new StrategyEngine(config, withBroken, {
      ...base,
      onEvaluationError: (e) => errors.push(e),
    });
    const decisions = engine.evaluate('EURUSD', '1', [sig(0, 1)]);
    expect(decisions.map((d) => d.strategyName)).toEqual(['fine']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StrategyEvaluationError);
    expect(errors[0]?.message).toBe(
      'strategy "broken" failed on EURUSD/1 at 2025-01-06T00:00:00.000Z: kaput',
    );
    expect(engine.counters).toEqual({ strategiesEvaluated: 2, evaluationErrors: 1 });
    expect([engine.lastEvaluationCount, engine.lastEvaluationErrors]).toEqual([2, 1]);
    engine.evaluate('EURUSD', '1', [sig(0, 1)]); // same candle, skipped
    expect([engine.lastEvaluationCount, engine.lastEvaluationErrors]).toEqual([0, 0]);
  });
});

describe('StrategyEngine given a strategy that misbehaves', () => {
  it.each([
    [
      'returns a value that is not a direction',
      () => 'up',
      `evaluate() returned "up"; expected 'long', 'short' or undefined`,
    ],
    [
      'returns a symbol',
      () => Symbol('up'),
      `evaluate() returned Symbol(up); expected 'long', 'short' or undefined`,
    ],
    [
      'throws something that is not an Error',
      () => {
        throw 'no data';
      },
      'no data',
    ],
  ])('reports one that %s as its error and enters nothing for it', (_, evaluate, reason) => {
    const errors: StrategyEvaluationError[] = [];
    const misbehaving = StrategyRegistry.withBuiltins().register(
      defineStrategy({
        type: 'misbehaving',
        description: 'Returns or throws what the test gives it',
        parameters: z.strictObject({}),
        create: () => ({ type: 'misbehaving', requiredIndicators: [], evaluate: evaluate as never }),
      }),
    );
    const config = strategyConfig({
      min_rows_required: 1,
      strategies: [{ name: 'odd', type: 'misbehaving' }],
    });
    const engine = new StrategyEngine(config, misbehaving, {
      ...base,
      onEvaluationError: (e) => errors.push(e),
    });

    expect(engine.evaluate('EURUSD', '1', [sig(0, 1)])).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([
      `strategy "odd" failed on EURUSD/1 at 2025-01-06T00:00:00.000Z: ${reason}`,
    ]);
    expect(engine.counters.evaluationErrors).toBe(1);
  });
});

describe('StrategyEngine exits', () => {
  /** Opens a long at 1.1 on bar 0 (stop 1.098, target 1.103) and returns the engine. */
  function longAt0(strategy: Record<string, unknown> = {}) {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3, ...strategy });
    confirmAll(engine, engine.evaluate('EURUSD', '1', [sig(0, 1)]));
    expect(engine.entryManager.position('EURUSD', 's')?.direction).toBe('long');
    return engine;
  }

  it('exits a long on the stop-loss at the close of the candle whose low reaches the stop', () => {
    const engine = longAt0();
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0, { close: 1.0985, low: 1.0981, high: 1.1 })])).toEqual(
      [],
    );
    const [exit] = engine.evaluate('EURUSD', '1', [sig(2, 0, { close: 1.0983, low: 1.098, high: 1.0995 })]);
    expect(exit).toEqual({
      kind: 'exit',
      strategyName: 's',
      symbol: 'EURUSD',
      timeframe: '1',
      direction: 'long',
      candleTime: T0 + 2 * 60_000,
      price: 1.0983,
      barIndex: 2,
      reason: 'stop_loss',
    });
  });

  it('exits a long on the take-profit, and prefers the stop when one candle touches both', () => {
    const engine = longAt0();
    expect(
      engine.evaluate('EURUSD', '1', [sig(1, 0, { close: 1.1028, high: 1.103, low: 1.1 })])[0],
    ).toMatchObject({
      reason: 'take_profit',
      price: 1.1028,
    });
    const both = longAt0();
    expect(
      both.evaluate('EURUSD', '1', [sig(1, 0, { close: 1.1, high: 1.104, low: 1.097 })])[0],
    ).toMatchObject({
      reason: 'stop_loss',
    });
  });

  it('exits a short when the high reaches its stop and when the low reaches its target', () => {
    const engine = engineWith({ stop_loss_atr: 2, take_profit_atr: 3 });
    confirmAll(engine, engine.evaluate('EURUSD', '1', [sig(0, -1)])); // stop 1.102, target 1.097
    expect(
      engine.evaluate('EURUSD', '1', [sig(1, 0, { close: 1.1015, high: 1.102, low: 1.1 })])[0],
    ).toMatchObject({
      direction: 'short',
      reason: 'stop_loss',
      price: 1.1015,
    });
    const other = engineWith({ stop_loss_atr: 2, take_profit_atr: 3 });
    confirmAll(other, other.evaluate('EURUSD', '1', [sig(0, -1)]));
    expect(
      other.evaluate('EURUSD', '1', [sig(1, 0, { close: 1.0975, high: 1.099, low: 1.097 })])[0],
    ).toMatchObject({
      reason: 'take_profit',
    });
  });

  it('exits after max_holding_bars bars in the trade', () => {
    const engine = longAt0({ max_holding_bars: 3 });
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(2, 0)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(3, 0, { close: 1.1007 })])[0]).toMatchObject({
      reason: 'max_holding',
      price: 1.1007,
      barIndex: 3,
    });
  });

  it('exits on the opposite signal and re-enters the other way only after the cooldown', () => {
    const engine = longAt0();
    const rows = [sig(0, 1), sig(1, -1, { close: 1.1004 }), sig(2, -1), sig(3, -1)];
    const decisions = replay(engine, rows.slice(1), { window: 1 });
    expect(decisions[0]).toEqual([
      expect.objectContaining({ kind: 'exit', reason: 'opposite_signal', direction: 'long', price: 1.1004 }),
    ]);
    expect(decisions[1]).toEqual([]); // cooldown_bars: 1
    expect(decisions[2]).toEqual([
      expect.objectContaining({ kind: 'entry', direction: 'short', barIndex: 3 }),
    ]);
  });

  it('does not check exits on the entry candle itself, and signals one exit per candle until confirmed', () => {
    const updating = engineWith({ stop_loss_atr: 2 }, { evaluation_mode: 'on_every_update' });
    confirmAll(updating, updating.evaluate('EURUSD', '1', [sig(0, 1)]));
    expect(updating.evaluate('EURUSD', '1', [sig(0, 1, { low: 1.0 })])).toEqual([]);
    const crash = sig(1, 0, { low: 1.0 });
    expect(updating.evaluate('EURUSD', '1', [crash])).toHaveLength(1);
    expect(updating.evaluate('EURUSD', '1', [crash])).toEqual([]);
    // Unconfirmed (async bus, or a rejected close): the next candle signals again.
    expect(updating.evaluate('EURUSD', '1', [sig(2, 0, { low: 1.0 })])).toHaveLength(1);
    expect(updating.entryManager.position('EURUSD', 's')).toBeDefined();
  });
});

describe('StrategyEngine with several timeframes', () => {
  it("manages a position only on the timeframe it was opened on, counting that timeframe's bars", () => {
    const engine = engineWith({ timeframes: ['1', '5'], max_holding_bars: 2 });
    confirmAll(engine, engine.evaluate('EURUSD', '1', [sig(0, 1)]));
    for (let i = 0; i < 5; i++)
      expect(engine.evaluate('EURUSD', '5', [sig(i * 5, -1, { low: 1.0 })])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(1, 0)])).toEqual([]);
    expect(engine.evaluate('EURUSD', '1', [sig(2, 0)])[0]).toMatchObject({
      reason: 'max_holding',
      timeframe: '1',
    });
  });
});

describe('StrategyEngine.onOrderPlaced', () => {
  const order = (intent: 'open' | 'close', price?: number): OrderPlacedEvent => ({
    type: 'OrderPlacedEvent',
    eventId: 'e1',
    timestamp: 0,
    correlationId: 'c1',
    symbol: 'EURUSD',
    order_type: 'market',
    direction: 'long',
    size: 0.1,
    client_order_id: 'o1',
    strategy_name: 's',
    intent,
    ...(price === undefined ? {} : { price }),
  });

  it('opens the pending entry at the fill price, keeping its stop and target, and a close starts the cooldown', () => {
    const engine = engineWith({ stop_loss_atr: 2 });
    engine.evaluate('EURUSD', '1', [sig(0, 1)]);
    expect(engine.onOrderPlaced(order('open', 1.1002))).toMatchObject({
      entryPrice: 1.1002,
      entryTime: T0,
      barIndex: 0,
      stopLoss: 1.1 - 0.001 * 2,
    });
    expect(engine.evaluate('EURUSD', '1', [sig(1, -1)])[0]).toMatchObject({
      kind: 'exit',
      reason: 'opposite_signal',
    });
    engine.onOrderPlaced(order('close', 1.0999));
    expect(engine.entryManager.position('EURUSD', 's')).toBeUndefined();
    expect(engine.evaluate('EURUSD', '1', [sig(2, -1)])).toEqual([]); // cooldown_bars: 1
    expect(engine.evaluate('EURUSD', '1', [sig(3, -1)])).toHaveLength(1);
  });

  it('uses the decision price when the order carries no fill price', () => {
    const engine = engineWith({});
    engine.evaluate('EURUSD', '1', [sig(0, 1, { close: 1.2345 })]);
    expect(engine.onOrderPlaced(order('open'))?.entryPrice).toBe(1.2345);
  });

  it('leaves no position when the entry order was never placed', () => {
    const engine = engineWith({});
    expect(engine.evaluate('EURUSD', '1', [sig(0, 1)])).toHaveLength(1);
    // No OrderPlacedEvent (rejected): next candle's signal is a fresh entry, not an exit.
    expect(engine.evaluate('EURUSD', '1', [sig(1, 1)])).toEqual([
      expect.objectContaining({ kind: 'entry', barIndex: 1 }),
    ]);
    expect(engine.entryManager.position('EURUSD', 's')).toBeUndefined();
  });

  it('tracks an opening order it did not decide on the current bar, without stop or target', () => {
    const engine = engineWith({ max_holding_bars: 2 });
    engine.evaluate('EURUSD', '1', [sig(0, 0)]);
    expect(engine.onOrderPlaced(order('open', 1.1))).toMatchObject({
      timeframe: '1',
      barIndex: 0,
      entryTime: T0,
    });
    engine.evaluate('EURUSD', '1', [sig(1, 0)]);
    expect(engine.evaluate('EURUSD', '1', [sig(2, 0)])[0]).toMatchObject({
      kind: 'exit',
      reason: 'max_holding',
    });
  });
});

describe('StrategyEngine configuration', () => {
  it('builds the default configuration with the default indicator columns', () => {
    const engine = new StrategyEngine(strategyConfig({}), StrategyRegistry.withBuiltins(), {
      symbols: ['EURUSD'],
      defaultTimeframe: '1',
      availableIndicators: ['ema_fast', 'ema_slow', 'rsi', 'atr', 'bb_upper', 'bb_lower'],
    });
    expect(engine.strategyNames).toEqual(['ema_cross', 'rsi_reversion']);
  });

  it.each([
    [
      {
        strategies: [
          { name: 'a', type: 'scripted' },
          { name: 'a', type: 'scripted' },
        ],
      },
      'strategy "a": name is used by another strategy',
    ],
    [
      { strategies: [{ name: 'a', type: 'scripted', symbols: ['USDCHF'] }] },
      'strategy "a": symbols: "USDCHF" is not traded (traded: EURUSD, GBPUSD)',
    ],
    [
      { strategies: [{ name: 'a', type: 'scripted', regimes: ['range'] }] },
      'strategy "a": regimes: unknown regime "range"',
    ],
    [
      { strategies: [{ name: 'a', type: 'scripted', timeframes: ['15'] }] },
      'strategy "a": timeframes: "15" is not computed (timeframes: 1, 5)',
    ],
    [
      { strategies: [{ name: 'a', type: 'scripted', stop_loss_atr: 1 }] },
      'strategy "a": needs indicator column "atr", not computed',
    ],
    [
      { strategies: [{ name: 'x', type: 'ema_crossover', params: { slow: 'ema_200' } }] },
      'strategy "x": needs indicator column "ema_200"',
    ],
    [
      { strategies: [{ name: 'ema_cross', type: 'ema_crossover', params: { fast: 5 } }] },
      'strategy "ema_cross": params.fast: expected string, got 5',
    ],
  ])('rejects a bad strategy entry with a clear message (%#)', (section, message) => {
    const options = {
      ...base,
      timeframes: ['1', '5'],
      availableIndicators: ['signal', 'ema_fast', 'ema_slow'],
    };
    const attempt = () => new StrategyEngine(strategyConfig(section), registry, options);
    expect(attempt).toThrow(StrategyConfigError);
    expect(attempt).toThrow(message);
  });
});
