import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PipelineBarrier } from '../../../src/bus/nats/pipelineBarrier.js';

type Callback = (error: Error | null, message: { subject: string; data: Uint8Array }) => void;

/** One process of the pipeline on a fake core-NATS connection that records what it sends. */
function processOf(services: string[]) {
  const callbacks: Callback[] = [];
  const sent: Array<{ subject: string; progress: { through: number; stored: Record<string, number> } }> = [];
  const connection = {
    subscribe: (_subject: string, options: { callback: Callback }) => {
      callbacks.push(options.callback);
      return { unsubscribe: () => undefined };
    },
    publish: (subject: string, data: string) => {
      sent.push({ subject, progress: JSON.parse(data) });
    },
  } as unknown as NatsConnection;
  const handled = new Map<string, number>();
  const stored: Record<string, number> = {};
  const barrier = new PipelineBarrier(services, {
    connection,
    prefix: 'tradestate',
    logger: pino({ level: 'silent' }),
    storedSequences: () => ({ ...stored }),
    flushed: () => Promise.resolve(),
    handledThrough: (type) => handled.get(type),
  });
  barrier.start();
  return {
    barrier,
    sent,
    stored,
    /** This process handled `type` up to stream sequence `seq`. */
    handle(type: string, seq: number) {
      handled.set(type, seq);
      barrier.handled();
    },
    /** A note of another process arrives. */
    hear(service: string, through: number, outputs: Record<string, number> = {}) {
      const data = new TextEncoder().encode(JSON.stringify({ through, stored: outputs }));
      for (const callback of callbacks) callback(null, { subject: `tradestate_progress.${service}`, data });
    },
  };
}

/** Whether a barrier wait has resolved, and with what, after pending promise callbacks ran. */
async function settled(wait: Promise<boolean> | undefined): Promise<boolean | 'waiting'> {
  if (wait === undefined) return true;
  let outcome: boolean | 'waiting' = 'waiting';
  void wait.then((go) => {
    outcome = go;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return outcome;
}

describe('PipelineBarrier', () => {
  it('holds the indicators of a candle in the strategy process until execution reports that candle and its orders are handled here', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('IndicatorsCalculatedEvent', 0);
    strategy.handle('OrderPlacedEvent', 0);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 20, depth: 1 });

    strategy.hear('trade_execution', 10);
    expect(await settled(wait)).toBe('waiting');
    strategy.hear('trade_execution', 20, { OrderPlacedEvent: 23 });
    expect(await settled(wait)).toBe('waiting');
    strategy.handle('OrderPlacedEvent', 23);
    expect(await settled(wait)).toBe(true);
  });

  it('holds a candle in the execution process until the strategies report the previous candle and their signals are handled here', async () => {
    const execution = processOf(['trade_execution']);
    execution.handle('NewCandleEvent', 30);
    execution.handle('EntrySignalEvent', 0);
    const wait = execution.barrier.before('NewCandleEvent', { candle: 40, depth: 0 });

    execution.hear('strategy_evaluation', 29);
    expect(await settled(wait)).toBe('waiting');
    execution.hear('strategy_evaluation', 39, { EntrySignalEvent: 35 });
    expect(await settled(wait)).toBe('waiting');
    execution.handle('EntrySignalEvent', 35);
    expect(await settled(wait)).toBe(true);
  });

  it('reports the strategies past a candle once the indicators of the next one arrive, with the sequences of their signals', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.stored.EntrySignalEvent = 17;
    void strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 21, depth: 1 });
    await new Promise((resolve) => setImmediate(resolve));

    expect(strategy.sent).toContainEqual({
      subject: 'tradestate_progress.strategy_evaluation',
      progress: { through: 20, stored: { EntrySignalEvent: 17 } },
    });
  });

  it('reports the strategies past candles without indicators once it handled every indicator the indicator note names', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('IndicatorsCalculatedEvent', 5);
    strategy.hear('indicator_calculation', 12, { IndicatorsCalculatedEvent: 9 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(strategy.sent.map((note) => note.progress.through)).toEqual([]);

    strategy.handle('IndicatorsCalculatedEvent', 9);
    await new Promise((resolve) => setImmediate(resolve));
    expect(strategy.sent.map((note) => note.progress.through)).toEqual([12]);
  });

  it('keeps the producer at most 64 candles ahead of the execution process, and lets it go when stopped', async () => {
    const producer = processOf(['data_fetching', 'indicator_calculation']);
    for (let candle = 0; candle < 64; candle++) producer.barrier.published('NewCandleEvent');
    const full = producer.barrier.room();
    expect(await settled(full?.then(() => true))).toBe('waiting');
    producer.hear('trade_execution', 100);
    expect(await settled(full?.then(() => true))).toBe(true);

    producer.barrier.published('NewCandleEvent');
    const stopped = producer.barrier.room();
    producer.barrier.close();
    expect(await settled(stopped?.then(() => true))).toBe(true);
  });

  it('ends a wait with false when closed, so a stopping consumer leaves the message for the next incarnation', async () => {
    const strategy = processOf(['strategy_evaluation']);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 5, depth: 1 });
    strategy.barrier.close();
    expect(await settled(wait)).toBe(false);
  });

  it('does not hold the events of a process that runs none of the pipeline services', () => {
    const other = processOf(['news_ingestion']);
    expect(other.barrier.active).toBe(false);
    expect(other.barrier.before('NewCandleEvent', { candle: 3, depth: 0 })).toBeUndefined();
  });
});
