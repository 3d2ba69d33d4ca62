import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import type { DataSource } from '../../../src/market/dataSource.js';
import { DataSourceManager } from '../../../src/market/dataSourceManager.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { DataFetchError } from '../../../src/services/dataFetchError.js';
import { DataFetchingService } from '../../../src/services/dataFetchingService.js';
import { bar, createServiceHarness, makeConfig, T0, waveBars } from './serviceFixtures.js';

const config = makeConfig().services.data_fetching;

function setup(source: DataSource, timeframes = ['1', '5'], overrides: Partial<typeof config> = {}) {
  const harness = createServiceHarness();
  const manager = new DataSourceManager(source, { timeframes, baseTimeframe: '1' });
  const sleeps: number[] = [];
  const service = new DataFetchingService(harness.io, {
    manager,
    symbols: ['EURUSD'],
    timeframes,
    config: { ...config, ...overrides },
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
  });
  return { ...harness, manager, service, sleeps };
}

/** A source that throws `failures` times before serving `bars`. */
function flakySource(failures: number, bars: Candle[]): DataSource & { calls: number } {
  let remaining = failures;
  const queue = [...bars];
  return {
    name: 'flaky',
    calls: 0,
    next() {
      this.calls += 1;
      if (remaining > 0) {
        remaining -= 1;
        throw new Error('connection reset');
      }
      return queue.shift();
    },
    isExhausted: () => queue.length === 0,
  };
}

describe('DataFetchingService', () => {
  it('publishes one DataFetchedEvent per timeframe and one NewCandleEvent per new base candle on each fetch', async () => {
    const { bus, service } = setup(new IterableDataSource({ EURUSD: waveBars(12) }));
    let newCandles = 0;
    for (let fetch = 0; fetch < 12; fetch++) newCandles += await service.fetchStreamingData();

    expect(bus.publishedOf('DataFetchedEvent').filter((event) => event.timeframe === '1')).toHaveLength(12);
    expect(bus.publishedOf('DataFetchedEvent').filter((event) => event.timeframe === '5')).toHaveLength(12);
    const base = bus.publishedOf('NewCandleEvent').filter((event) => event.timeframe === '1');
    expect(base.map((event) => event.bar.time)).toEqual(waveBars(12).map((candle) => candle.time));
    const fiveMinute = bus.publishedOf('NewCandleEvent').filter((event) => event.timeframe === '5');
    // Two 5-minute candles (00:00 and 00:05) are complete after twelve 1-minute bars; each reported once.
    expect(fiveMinute.map((event) => event.bar.time)).toEqual([T0, T0 + 5 * 60_000]);
    expect(newCandles).toBe(base.length + fiveMinute.length);
    expect(service.metrics()).toEqual({
      data_fetches: 24,
      new_candles_detected: base.length + fiveMinute.length,
      fetch_errors: 0,
    });
  });

  it('carries the last nbr_bars closed bars in DataFetchedEvent', async () => {
    const { bus, service } = setup(new IterableDataSource({ EURUSD: waveBars(6) }), ['1'], { nbr_bars: 3 });
    for (let fetch = 0; fetch < 6; fetch++) await service.fetchStreamingData();
    const last = bus.publishedOf('DataFetchedEvent').at(-1)!;
    expect(last.num_bars).toBe(3);
    expect(last.bars.map((candle) => candle.time)).toEqual(
      waveBars(6)
        .slice(3)
        .map((candle) => candle.time),
    );
  });

  it('gives each NewCandleEvent the DataFetchedEvent of its timeframe as cause and the cycle correlation id', async () => {
    const { bus, service } = setup(new IterableDataSource({ EURUSD: waveBars(5) }));
    await CorrelationContext.run(async () => {
      for (let fetch = 0; fetch < 5; fetch++) await service.fetchStreamingData();
    }, 'cycle001');

    const fetched = new Map(bus.publishedOf('DataFetchedEvent').map((event) => [event.eventId, event]));
    const candles = bus.publishedOf('NewCandleEvent');
    expect(candles.length).toBeGreaterThan(0);
    for (const candle of candles) {
      expect(candle.correlationId).toBe('cycle001');
      const cause = fetched.get(candle.causationId ?? '');
      expect(cause?.timeframe).toBe(candle.timeframe);
      expect(cause?.bars.at(-1)?.time).toBe(candle.bar.time);
    }
    expect([...fetched.values()].every((event) => event.correlationId === 'cycle001')).toBe(true);
  });

  it('publishes nothing and reports 0 when the source has no new bar', async () => {
    const { bus, service } = setup(new IterableDataSource({ EURUSD: [bar(0)] }));
    await service.fetchStreamingData();
    bus.clear();
    expect(await service.fetchStreamingData()).toBe(0);
    expect(bus.published).toHaveLength(0);
    expect(service.isExhausted()).toBe(true);
  });

  it('retries a failing fetch with doubling backoff, counting each failure, then publishes', async () => {
    const source = flakySource(2, [bar(0)]);
    const { bus, service, sleeps } = setup(source, ['1'], { retry_attempts: 3, retry_backoff_ms: 200 });
    expect(await service.fetchStreamingData()).toBe(1);
    expect(sleeps).toEqual([200, 400]);
    expect(service.metrics().fetch_errors).toBe(2);
    expect(bus.hasPublished('NewCandleEvent', (event) => event.bar.time === T0)).toBe(true);
  });

  it('throws DataFetchError naming the symbol and attempts once every retry has failed', async () => {
    const source = flakySource(100, [bar(0)]);
    const { bus, service, sleeps } = setup(source, ['1'], { retry_attempts: 3, retry_backoff_ms: 50 });
    const failure = await service.fetchStreamingData().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DataFetchError);
    expect(failure).toMatchObject({ symbol: 'EURUSD', attempts: 4 });
    expect((failure as DataFetchError).message).toMatch(/EURUSD failed after 4 attempts: connection reset/);
    expect(((failure as DataFetchError).cause as Error).message).toBe('connection reset');
    expect(sleeps).toEqual([50, 100, 200]);
    expect(source.calls).toBe(4);
    expect(service.metrics().fetch_errors).toBe(4);
    expect(bus.published).toHaveLength(0);
  });

  it('does not retry when retry_attempts is 0', async () => {
    const { service, sleeps } = setup(flakySource(1, [bar(0)]), ['1'], { retry_attempts: 0 });
    await expect(service.fetchStreamingData()).rejects.toMatchObject({ name: 'DataFetchError', attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('reports a candle once even when the same bars are fetched again after a restart of the service', async () => {
    const source = new IterableDataSource({ EURUSD: waveBars(4) });
    const first = setup(source, ['1']);
    await first.service.fetchStreamingData();
    await first.service.fetchStreamingData();
    // A restarted service gets a fresh detector over the same manager: only the newly polled bar is news.
    const restarted = setup(source, ['1']);
    const service = new DataFetchingService(restarted.io, {
      manager: first.manager,
      symbols: ['EURUSD'],
      timeframes: ['1'],
      config,
      sleep: async () => undefined,
    });
    await service.fetchStreamingData();
    expect(restarted.bus.publishedOf('NewCandleEvent').map((event) => event.bar.time)).toEqual([
      T0 + 2 * 60_000,
    ]);
    expect(service.lastCandles().get('EURUSD|1')).toBe(T0 + 2 * 60_000);
  });
});
