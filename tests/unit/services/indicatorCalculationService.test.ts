import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import type { NewCandleEvent } from '../../../src/events/tradingEvents.js';
import { IndicatorProcessor } from '../../../src/indicators/indicatorProcessor.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';
import { IndicatorCalculationService } from '../../../src/services/indicatorCalculationService.js';
import { createServiceHarness, makeConfig, type ServiceHarness, T0, waveBars } from './serviceFixtures.js';

const defaults = makeConfig().services.indicator_calculation;

function setup(
  overrides: Partial<typeof defaults> = {},
  history?: (symbol: string, timeframe: string, count: number) => Candle[],
) {
  const harness = createServiceHarness();
  const service = new IndicatorCalculationService(harness.io, {
    config: { ...defaults, ...overrides },
    ...(history ? { history } : {}),
  });
  harness.bus.subscribe('NewCandleEvent', (event) => service.onNewCandle(event));
  return { ...harness, service };
}

function publishCandle(
  harness: ServiceHarness,
  candle: Candle,
  symbol = 'EURUSD',
  timeframe = '1',
): NewCandleEvent {
  const event = harness.events.create('NewCandleEvent', { symbol, timeframe, bar: candle });
  harness.bus.publish(event);
  return event;
}

function syntheticBars(count: number): Candle[] {
  const source = new SyntheticDataSource({ seed: 42, start: T0, baseTimeframeMinutes: 1 });
  return Array.from({ length: count }, () => source.next('EURUSD') as Candle);
}

describe('IndicatorCalculationService', () => {
  it('publishes IndicatorsCalculatedEvent per candle with at most recent_rows_limit rows, the new candle last', () => {
    const harness = setup({ recent_rows_limit: 4 });
    const bars = waveBars(10);
    for (const candle of bars) publishCandle(harness, candle);

    const published = harness.bus.publishedOf('IndicatorsCalculatedEvent');
    expect(published.map((event) => event.recent_rows.length)).toEqual([1, 2, 3, 4, 4, 4, 4, 4, 4, 4]);
    const last = published.at(-1)!;
    expect(last.recent_rows.map((row) => row.time)).toEqual(bars.slice(6).map((candle) => candle.time));
    expect(last.recent_rows.at(-1)).toMatchObject({ close: bars[9]!.close, open: bars[9]!.open });
    expect(harness.service.metrics().indicators_calculated).toBe(10);
  });

  it('computes the configured indicator columns once warmed up', () => {
    const indicators = [
      { name: 'ema_fast', type: 'ema' as const, period: 3 },
      { name: 'sma', type: 'sma' as const, period: 4 },
    ];
    const harness = setup({ indicators });
    const bars = waveBars(6);
    for (const candle of bars) publishCandle(harness, candle);
    const row = harness.bus.publishedOf('IndicatorsCalculatedEvent').at(-1)!.recent_rows.at(-1)!;
    const expectedSma = bars.slice(2).reduce((sum, candle) => sum + candle.close, 0) / 4;
    expect(row.indicators.sma).toBeCloseTo(expectedSma, 12);
    expect(Object.keys(row.indicators).sort()).toEqual(['ema_fast', 'sma']);
  });

  it('takes causation and correlation from the NewCandleEvent', () => {
    const harness = setup();
    const candle = publishCandle(harness, waveBars(1)[0]!);
    const calculated = harness.bus.publishedOf('IndicatorsCalculatedEvent')[0]!;
    expect(calculated.causationId).toBe(candle.eventId);
    expect(calculated.correlationId).toBe(candle.correlationId);
    expect(calculated).toMatchObject({ symbol: 'EURUSD', timeframe: '1' });
  });

  it('ignores a replayed candle (same or older time) without publishing or counting', () => {
    const harness = setup();
    const bars = waveBars(3);
    for (const candle of bars) publishCandle(harness, candle);
    harness.bus.clear();
    publishCandle(harness, bars[2]!);
    publishCandle(harness, bars[0]!);
    expect(harness.bus.published.filter((event) => event.type !== 'NewCandleEvent')).toEqual([]);
    expect(harness.service.metrics().indicators_calculated).toBe(3);
  });

  it('keeps a separate series per symbol and timeframe', () => {
    const harness = setup();
    const bars = waveBars(3);
    for (const candle of bars) publishCandle(harness, candle, 'EURUSD', '1');
    publishCandle(harness, bars[0]!, 'GBPUSD', '1');
    publishCandle(harness, bars[0]!, 'EURUSD', '5');
    const published = harness.bus.publishedOf('IndicatorsCalculatedEvent');
    expect(published.map((event) => [event.symbol, event.timeframe, event.recent_rows.length])).toEqual([
      ['EURUSD', '1', 1],
      ['EURUSD', '1', 2],
      ['EURUSD', '1', 3],
      ['GBPUSD', '1', 1],
      ['EURUSD', '5', 1],
    ]);
  });

  it('publishes RegimeChangedEvent on each regime change when tracking, caused by the candle', () => {
    const harness = setup({ track_regime_changes: true });
    for (const candle of syntheticBars(400)) publishCandle(harness, candle);
    const changes = harness.bus.publishedOf('RegimeChangedEvent');
    expect(changes.length).toBeGreaterThan(1);
    expect(changes.length).toBe(harness.service.metrics().regime_changes_detected);
    const candles = new Map(harness.bus.publishedOf('NewCandleEvent').map((event) => [event.eventId, event]));
    for (const [index, change] of changes.entries()) {
      expect(change.old_regime).not.toBe(change.new_regime);
      expect(candles.has(change.causationId ?? '')).toBe(true);
      if (index > 0) expect(change.old_regime).toBe(changes[index - 1]!.new_regime);
    }
  });

  it('publishes no RegimeChangedEvent when track_regime_changes is false, still counting the changes', () => {
    const harness = setup({ track_regime_changes: false });
    for (const candle of syntheticBars(400)) publishCandle(harness, candle);
    expect(harness.bus.hasPublished('RegimeChangedEvent')).toBe(false);
    expect(harness.service.metrics().regime_changes_detected).toBeGreaterThan(1);
    expect(harness.bus.publishedOf('IndicatorsCalculatedEvent')).toHaveLength(400);
  });

  it('warms up from history after a restart, so its first row equals that of a service that saw every candle', () => {
    const bars = syntheticBars(80);
    const uninterrupted = setup();
    for (const candle of bars) publishCandle(uninterrupted, candle);
    const expected = uninterrupted.bus.publishedOf('IndicatorsCalculatedEvent').at(-1)!.recent_rows;

    const requests: Array<[string, string, number]> = [];
    // What the manager answers: every closed bar, including the one just announced (it must not count twice).
    const restarted = setup({}, (symbol, timeframe, count) => {
      requests.push([symbol, timeframe, count]);
      return bars.slice(-count);
    });
    publishCandle(restarted, bars[79]!);
    const rows = restarted.bus.publishedOf('IndicatorsCalculatedEvent')[0]!.recent_rows;
    expect(rows).toEqual(expected);
    expect(requests).toHaveLength(1);
    const warmup = new IndicatorProcessor(defaults.indicators).warmupPeriod;
    expect(requests[0]).toEqual(['EURUSD', '1', warmup + 50]);
    expect(bars.length).toBeLessThanOrEqual(warmup + 50); // the whole prefix fits: exact equality holds
  });

  it('ignores history bars at or after the first candle it is given', () => {
    const bars = waveBars(5);
    const harness = setup({}, () => bars);
    publishCandle(harness, bars[2]!);
    const rows = harness.bus.publishedOf('IndicatorsCalculatedEvent')[0]!.recent_rows;
    expect(rows.map((row) => row.time)).toEqual(bars.slice(0, 3).map((candle) => candle.time));
  });
});
