import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StrategyEntry } from '../../../src/config/systemConfig.js';
import type { IndicatorRow } from '../../../src/events/candle.js';
import type { IndicatorsCalculatedEvent } from '../../../src/events/tradingEvents.js';
import { StrategyEvaluationService } from '../../../src/services/strategyEvaluationService.js';
import { defineStrategy } from '../../../src/strategies/defineStrategy.js';
import { StrategyEngine } from '../../../src/strategies/strategyEngine.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';
import { scripted } from '../strategies/scriptedStrategy.js';
import { createServiceHarness, MINUTE, makeConfig, type ServiceHarness, T0 } from './serviceFixtures.js';

const exploding = defineStrategy({
  type: 'exploding',
  description: 'Always throws',
  parameters: z.strictObject({}),
  create: () => ({
    type: 'exploding',
    requiredIndicators: [],
    evaluate: () => {
      throw new Error('boom');
    },
  }),
});

function setup(strategies: Array<Partial<StrategyEntry> & { name: string; type: string }>) {
  const harness = createServiceHarness();
  const config = makeConfig({
    services: {
      strategy_evaluation: {
        min_rows_required: 2,
        cooldown_bars: 0,
        strategies: strategies.map((entry) => ({ params: {}, ...entry })),
      },
    },
  }).services.strategy_evaluation;
  const registry = new StrategyRegistry().register(scripted).register(exploding);
  const engine = new StrategyEngine(config, registry, { symbols: ['EURUSD'], defaultTimeframe: '1' });
  const service = new StrategyEvaluationService(harness.io, engine);
  harness.bus.subscribe('IndicatorsCalculatedEvent', (event) => service.onIndicators(event));
  harness.bus.subscribe('OrderPlacedEvent', (event) => service.onOrderPlaced(event));
  return { ...harness, service, engine };
}

/** One row per minute; `signal` drives the scripted strategy (1 long, -1 short, 0 nothing). */
function rows(signals: number[], extra: Record<string, number> = {}): IndicatorRow[] {
  return signals.map((signal, index) => ({
    time: T0 + index * MINUTE,
    open: 1.1,
    high: 1.1005,
    low: 1.0995,
    close: 1.1 + index * 0.0001,
    volume: 100,
    indicators: { signal, ...extra },
    regime: 'ranging',
  }));
}

/** Publishes the IndicatorsCalculatedEvent of candle `index` (the last 6 rows up to it). */
function publishRows(harness: ServiceHarness, all: IndicatorRow[], index: number): IndicatorsCalculatedEvent {
  const event = harness.events.create('IndicatorsCalculatedEvent', {
    symbol: 'EURUSD',
    timeframe: '1',
    recent_rows: all.slice(Math.max(0, index - 5), index + 1),
  });
  harness.bus.publish(event);
  return event;
}

/** What TradeExecutionService would publish for a signal that filled. */
function confirm(
  harness: ServiceHarness,
  intent: 'open' | 'close',
  direction: 'long' | 'short',
  price: number,
) {
  harness.bus.publish(
    harness.events.create('OrderPlacedEvent', {
      symbol: 'EURUSD',
      order_type: 'market',
      direction,
      size: 0.1,
      client_order_id: `s1:${intent}`,
      strategy_name: 's1',
      intent,
      price,
    }),
  );
}

describe('StrategyEvaluationService', () => {
  it('publishes EntrySignalEvent from the engine decision, with causation and correlation of the input event', () => {
    const harness = setup([{ name: 's1', type: 'scripted' }]);
    const all = rows([0, 0, 1]);
    publishRows(harness, all, 0);
    publishRows(harness, all, 1);
    const input = publishRows(harness, all, 2);

    const [signal, ...others] = harness.bus.publishedOf('EntrySignalEvent');
    expect(others).toEqual([]);
    expect(signal).toMatchObject({
      symbol: 'EURUSD',
      strategy_name: 's1',
      direction: 'long',
      timeframe: '1',
      candle_time: all[2]!.time,
      price: all[2]!.close,
      causationId: input.eventId,
      correlationId: input.correlationId,
    });
    expect(signal).not.toHaveProperty('stop_loss');
    expect(signal).not.toHaveProperty('take_profit');
  });

  it('adds stop-loss and take-profit from the ATR when the strategy configures them', () => {
    const harness = setup([{ name: 's1', type: 'scripted', stop_loss_atr: 2, take_profit_atr: 3 }]);
    const all = rows([0, -1], { atr: 0.001 });
    publishRows(harness, all, 0);
    publishRows(harness, all, 1);
    const signal = harness.bus.publishedOf('EntrySignalEvent')[0]!;
    expect(signal.direction).toBe('short');
    expect(signal.stop_loss).toBeCloseTo(all[1]!.close + 0.002, 10);
    expect(signal.take_profit).toBeCloseTo(all[1]!.close - 0.003, 10);
  });

  it('publishes ExitSignalEvent on an opposite signal once the entry was confirmed by OrderPlacedEvent', () => {
    const harness = setup([{ name: 's1', type: 'scripted' }]);
    const all = rows([0, 1, 0, -1]);
    publishRows(harness, all, 0);
    publishRows(harness, all, 1);
    confirm(harness, 'open', 'long', all[1]!.close);
    publishRows(harness, all, 2);
    const input = publishRows(harness, all, 3);

    const exits = harness.bus.publishedOf('ExitSignalEvent');
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({
      strategy_name: 's1',
      direction: 'long',
      reason: 'opposite_signal',
      candle_time: all[3]!.time,
      causationId: input.eventId,
      correlationId: input.correlationId,
    });
    expect(harness.service.metrics()).toMatchObject({
      entry_signals_generated: 1,
      exit_signals_generated: 1,
    });
  });

  it('keeps no position for an entry that no OrderPlacedEvent confirmed (a refused order)', () => {
    const harness = setup([{ name: 's1', type: 'scripted' }]);
    const all = rows([0, 1, -1, -1]);
    for (let index = 0; index < all.length; index++) publishRows(harness, all, index);
    expect(harness.bus.hasPublished('ExitSignalEvent')).toBe(false);
    expect(harness.engine.entryManager.position('EURUSD', 's1')).toBeUndefined();
  });

  it('closes the position and allows a new entry after OrderPlacedEvent with intent close', () => {
    const harness = setup([{ name: 's1', type: 'scripted' }]);
    const all = rows([0, 1, -1, 0, 1]);
    publishRows(harness, all, 0);
    publishRows(harness, all, 1);
    confirm(harness, 'open', 'long', all[1]!.close);
    publishRows(harness, all, 2);
    confirm(harness, 'close', 'long', all[2]!.close);
    expect(harness.engine.entryManager.position('EURUSD', 's1')).toBeUndefined();
    publishRows(harness, all, 3);
    publishRows(harness, all, 4);
    expect(harness.bus.publishedOf('EntrySignalEvent').map((event) => event.candle_time)).toEqual([
      all[1]!.time,
      all[4]!.time,
    ]);
  });

  it('counts evaluations, signals and errors of a throwing strategy while the others still signal', () => {
    const harness = setup([
      { name: 'bad', type: 'exploding' },
      { name: 's1', type: 'scripted' },
    ]);
    const all = rows([0, 1]);
    publishRows(harness, all, 0); // fewer rows than min_rows_required: nothing evaluated
    publishRows(harness, all, 1);
    expect(harness.bus.publishedOf('EntrySignalEvent').map((event) => event.strategy_name)).toEqual(['s1']);
    expect(harness.service.metrics()).toEqual({
      strategies_evaluated: 2,
      entry_signals_generated: 1,
      exit_signals_generated: 0,
      evaluation_errors: 1,
    });
  });

  it('does not evaluate the same candle twice in on_new_candle mode', () => {
    const harness = setup([{ name: 's1', type: 'scripted' }]);
    const all = rows([0, 1]);
    publishRows(harness, all, 0);
    publishRows(harness, all, 1);
    publishRows(harness, all, 1);
    expect(harness.bus.publishedOf('EntrySignalEvent')).toHaveLength(1);
    expect(harness.service.metrics().strategies_evaluated).toBe(1);
  });
});
