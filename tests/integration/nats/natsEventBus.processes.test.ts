import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NatsConnectionError } from '../../../src/bus/nats/natsConnectionError.js';
import { NatsEventBus } from '../../../src/bus/nats/natsEventBus.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';
import { eventMaker, natsConfig, natsHarness, silentLogger, waitUntil } from './natsTestSupport.js';

const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const bar = { time: 0, open: 1, high: 2, low: 1, close: 2, volume: 1 };

describe('NatsEventBus across processes', () => {
  it('resumes a durable consumer after a restart with exactly the events it missed', async () => {
    const names = harness.names('resume');
    const config = natsConfig(names);
    const producer = await harness.bus(config, 'data');
    const make = eventMaker(30);
    const candles = Array.from({ length: 6 }, () =>
      make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar }),
    );

    const firstRun: string[] = [];
    const indicators = await harness.bus(config, 'indicators');
    indicators.subscribe('NewCandleEvent', (event) => {
      firstRun.push(event.eventId);
    });
    for (const candle of candles.slice(0, 3)) producer.publish(candle);
    await waitUntil(() => indicators.getMetrics().messages_acked === 3, 'three acks before the restart');
    await indicators.close();

    for (const candle of candles.slice(3)) producer.publish(candle);
    await producer.drain();
    const secondRun: string[] = [];
    const restarted = await harness.bus(config, 'indicators');
    restarted.subscribe('NewCandleEvent', (event) => {
      secondRun.push(event.eventId);
    });
    await waitUntil(() => secondRun.length === 3, 'the three missed candles');

    expect(firstRun).toEqual(candles.slice(0, 3).map((event) => event.eventId));
    expect(secondRun).toEqual(candles.slice(3).map((event) => event.eventId));
    await waitUntil(() => restarted.getMetrics().messages_acked === 3, 'acks of the second run');
    const info = await harness.jsm.consumers.info(names.stream, 'indicators_NewCandleEvent');
    expect(info.delivered.stream_seq).toBe(6);
    expect(restarted.getMetrics().messages_redelivered).toBe(0);
  });

  it('carries a candle to an indicator process and its answer back, keeping correlation and causation', async () => {
    const names = harness.names('twoproc');
    const config = natsConfig(names);
    const dataProcess = await harness.bus(config, 'data');
    const indicatorProcess = await harness.bus(config, 'indicators');
    const make = eventMaker(31);
    let handlerScope: string | undefined;

    indicatorProcess.subscribe('NewCandleEvent', (candle) => {
      // Built inside the handler: the correlation scope and the cause link the answer to the candle.
      const answer = make(
        'IndicatorsCalculatedEvent',
        {
          symbol: candle.symbol,
          timeframe: candle.timeframe,
          recent_rows: [{ ...candle.bar, indicators: { ema_fast: 1.5 }, regime: 'trending' }],
        },
        candle,
      );
      handlerScope = CorrelationContext.current();
      indicatorProcess.publish(answer);
    });
    const answers: TradingEvent[] = [];
    dataProcess.subscribe('IndicatorsCalculatedEvent', (event) => {
      answers.push(event);
    });
    const candle = make('NewCandleEvent', { symbol: 'EURUSD', timeframe: '1', bar });
    dataProcess.publish(candle);
    await waitUntil(() => answers.length === 1, 'the indicator answer');

    expect(handlerScope).toBe(candle.correlationId);
    expect(answers[0]).toMatchObject({
      type: 'IndicatorsCalculatedEvent',
      correlationId: candle.correlationId,
      causationId: candle.eventId,
      symbol: 'EURUSD',
    });
    expect(indicatorProcess.getMetrics()).toMatchObject({ events_published: 1, handler_errors: 0 });
    expect(
      dataProcess.getHistory({ correlationId: candle.correlationId }).map((event) => event.type),
    ).toEqual(['NewCandleEvent', 'IndicatorsCalculatedEvent']);
  });

  it('refuses to connect to an address without a server, naming it in a NatsConnectionError', async () => {
    const config = EventBusConfigSchema.parse({
      transport: 'nats',
      nats: { servers: ['nats://127.0.0.1:1'] },
    });
    const attempt = NatsEventBus.connect(config, {
      consumerName: 'x',
      logger: silentLogger,
      connectTimeoutMs: 1_000,
    });
    await expect(attempt).rejects.toBeInstanceOf(NatsConnectionError);
    await expect(attempt).rejects.toThrow(/nats:\/\/127\.0\.0\.1:1.*nats-server -js/);
  });
});
