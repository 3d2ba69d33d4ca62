import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PipelineBarrier } from '../../../src/bus/nats/pipelineBarrier.js';

type Callback = (error: Error | null, message: { subject: string; data: Uint8Array }) => void;

/** One process of the pipeline on a fake core-NATS connection that records what it sends. */
function processOf(services: string[]) {
  const callbacks: Array<{ subject: string; callback: Callback }> = [];
  const sent: Array<{
    subject: string;
    progress: {
      through: number;
      stored: Record<string, number>;
      pending?: Record<string, string[]>;
      holding?: string[];
    };
  }> = [];
  const connection = {
    subscribe: (subject: string, options: { callback: Callback }) => {
      callbacks.push({ subject, callback: options.callback });
      return { unsubscribe: () => undefined };
    },
    publish: (subject: string, data: string) => {
      sent.push({ subject, progress: JSON.parse(data) });
    },
  } as unknown as NatsConnection;
  const handled = new Map<string, number>();
  const barrier = new PipelineBarrier(services, {
    connection,
    prefix: 'tradestate',
    logger: pino({ level: 'silent' }),
    handledThrough: (type) => handled.get(type),
  });
  barrier.start();
  return {
    barrier,
    sent,
    /** This process handled `type` up to stream sequence `seq` (a candle: just now, in the receive loop). */
    handle(type: string, seq: number, eventId?: string) {
      handled.set(type, seq);
      if (type === 'NewCandleEvent') barrier.handled(type, { candle: seq, depth: 0 }, eventId);
      else barrier.handled(type, { candle: 0, depth: 1 }, eventId);
    },
    /** This process sent `eventId` of `type` in the handler of `candle`'s chain; not stored yet. */
    send(type: string, candle: number, eventId: string) {
      barrier.published(type, { candle, depth: 2 });
      barrier.sending(type, { candle, depth: 2 }, eventId);
    },
    /** This process published `type` in the handler of `candle`'s chain, stored at `seq`. */
    publish(type: string, candle: number, seq: number, symbol?: string) {
      barrier.published(type, { candle, depth: 2 }, symbol);
      barrier.stored(type, { candle, depth: 2 }, seq);
    },
    /** A note of another process arrives. */
    hear(
      service: string,
      through: number,
      outputs: Record<string, number> = {},
      holding?: string[],
      pending?: Record<string, string[]>,
    ) {
      const note = {
        through,
        stored: outputs,
        ...(pending ? { pending } : {}),
        ...(holding ? { holding } : {}),
      };
      const data = new TextEncoder().encode(JSON.stringify(note));
      const subject = `tradestate_progress.${service}`;
      for (const listener of callbacks)
        if (listener.subject === subject) listener.callback(null, { subject, data });
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

/** What a wait is after each step in turn (the steps: notes arriving, events handled). */
async function outcomesAfter(wait: Promise<boolean> | undefined, steps: Array<() => void>) {
  const outcomes: Array<boolean | 'waiting'> = [];
  for (const step of steps) {
    step();
    outcomes.push(await settled(wait));
  }
  return outcomes;
}

describe('PipelineBarrier', () => {
  it('holds the indicators of a candle in the strategy process until execution reports that candle and its orders are handled here', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('IndicatorsCalculatedEvent', 0);
    strategy.handle('OrderPlacedEvent', 0);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 20, depth: 1 });

    const steps = [
      () => strategy.hear('trade_execution', 10),
      () => strategy.hear('trade_execution', 20, { OrderPlacedEvent: 23 }),
      () => strategy.handle('OrderPlacedEvent', 23),
    ];
    expect(await outcomesAfter(wait, steps)).toEqual(['waiting', 'waiting', true]);
  });

  it('holds a candle in the execution process until the strategies report the previous candle and their signals are handled here', async () => {
    const execution = processOf(['trade_execution']);
    execution.handle('NewCandleEvent', 30);
    execution.handle('EntrySignalEvent', 0);
    const wait = execution.barrier.before('NewCandleEvent', { candle: 40, depth: 0 });

    const steps = [
      () => execution.hear('strategy_evaluation', 29),
      () => execution.hear('strategy_evaluation', 39, { EntrySignalEvent: 35 }),
      () => execution.handle('EntrySignalEvent', 35),
    ];
    expect(await outcomesAfter(wait, steps)).toEqual(['waiting', 'waiting', true]);
  });

  it('reports the strategies past a candle once the indicators of the next one arrive, with the sequences of their signals', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.publish('EntrySignalEvent', 19, 17);
    void strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 21, depth: 1 });
    await new Promise((resolve) => setImmediate(resolve));

    expect(strategy.sent).toContainEqual({
      subject: 'tradestate_progress.strategy_evaluation',
      progress: { through: 20, stored: { EntrySignalEvent: 17 } },
    });
  });

  it('lets the strategies run ahead while execution reports it is flat and they have signalled nothing since', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 8);
    strategy.hear('trade_execution', 10, { OrderPlacedEvent: 8 }, []);
    expect(
      await settled(strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 30, depth: 1 })),
    ).toBe(true);

    // A signal for candle 30: the next candles wait until execution has handled the bar it fills at.
    strategy.publish('EntrySignalEvent', 30, 31);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 40, depth: 1 });
    const flatTooEarly = () => strategy.hear('trade_execution', 20, {}, []);
    const pastTheFill = () => strategy.hear('trade_execution', 40, { OrderPlacedEvent: 42 });
    const fillHandled = () => strategy.handle('OrderPlacedEvent', 42);
    const outcomes = await outcomesAfter(wait, [flatTooEarly, pastTheFill, fillHandled]);
    expect(outcomes).toEqual(['waiting', 'waiting', true]);
  });

  it('does not run the strategies ahead of an execution process that is not flat, or whose orders are not handled yet', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 0);
    const notFlat = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 30, depth: 1 });
    strategy.hear('trade_execution', 10);
    expect(await settled(notFlat)).toBe('waiting');
    strategy.hear('trade_execution', 12, { OrderPlacedEvent: 11 }, []);
    expect(await settled(notFlat)).toBe('waiting');
    strategy.handle('OrderPlacedEvent', 11);
    expect(await settled(notFlat)).toBe(true);
  });

  it('reports with each candle the symbols the executor held something in right after it', async () => {
    const execution = processOf(['trade_execution']);
    let holding: string[] = [];
    execution.barrier.watchExecution(() => holding);
    execution.handle('NewCandleEvent', 5);
    holding = ['EURUSD'];
    execution.handle('NewCandleEvent', 7);
    expect(execution.sent.map((note) => [note.progress.through, note.progress.holding])).toEqual([
      [5, []],
      [7, ['EURUSD']],
    ]);
  });

  it('runs the strategies ahead on a symbol execution holds nothing in, and not on the symbol it holds', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 8);
    strategy.hear('trade_execution', 10, { OrderPlacedEvent: 8 }, ['GBPUSD']);
    const free = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 30, depth: 1 }, 'EURUSD');
    const held = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 30, depth: 1 }, 'GBPUSD');
    expect([await settled(free), await settled(held)]).toEqual([true, 'waiting']);
  });

  it('stops running ahead on a symbol the strategies signalled for, and only on that one', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 8);
    strategy.hear('trade_execution', 10, { OrderPlacedEvent: 8 }, []);
    strategy.publish('EntrySignalEvent', 12, 13, 'EURUSD');
    const signalled = strategy.barrier.before(
      'IndicatorsCalculatedEvent',
      { candle: 30, depth: 1 },
      'EURUSD',
    );
    const other = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 30, depth: 1 }, 'GBPUSD');
    expect([await settled(signalled), await settled(other)]).toEqual(['waiting', true]);
  });

  it('sends the execution note as soon as the candle is handled, naming the orders not stored yet by event id', () => {
    const execution = processOf(['trade_execution']);
    execution.send('OrderPlacedEvent', 5, 'order-a');
    execution.handle('NewCandleEvent', 5);
    expect(execution.sent.at(-1)?.progress).toEqual({
      through: 5,
      stored: {},
      pending: { OrderPlacedEvent: ['order-a'] },
    });

    execution.barrier.stored('OrderPlacedEvent', { candle: 5, depth: 2 }, 6, 'order-a');
    execution.handle('NewCandleEvent', 7);
    expect(execution.sent.at(-1)?.progress).toEqual({ through: 7, stored: { OrderPlacedEvent: 6 } });
  });

  it('no longer names an order that could not be stored, so no note waits for it', () => {
    const execution = processOf(['trade_execution']);
    execution.send('OrderPlacedEvent', 5, 'order-a');
    execution.barrier.lost('order-a');
    execution.handle('NewCandleEvent', 5);
    expect(execution.sent.at(-1)?.progress).toEqual({ through: 5, stored: {} });
  });

  it('holds the indicators in the strategy process until the orders a note names as pending are handled here', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 0);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 20, depth: 1 });

    const steps = [
      () => strategy.hear('trade_execution', 20, {}, undefined, { OrderPlacedEvent: ['order-a'] }),
      () => strategy.handle('OrderPlacedEvent', 21, 'order-b'),
      () => strategy.handle('OrderPlacedEvent', 22, 'order-a'),
    ];
    expect(await outcomesAfter(wait, steps)).toEqual(['waiting', 'waiting', true]);
  });

  it('holds a candle in the execution process until the signals a strategy note names as pending are handled here', async () => {
    const execution = processOf(['trade_execution']);
    execution.handle('NewCandleEvent', 30);
    execution.handle('EntrySignalEvent', 0);
    const wait = execution.barrier.before('NewCandleEvent', { candle: 40, depth: 0 });

    const steps = [
      () => execution.hear('strategy_evaluation', 39, {}, undefined, { EntrySignalEvent: ['signal-a'] }),
      () => execution.handle('EntrySignalEvent', 35, 'signal-a'),
    ];
    expect(await outcomesAfter(wait, steps)).toEqual(['waiting', true]);
  });

  it('takes the repeat of a note for the same candle, which names as stored what it named as pending', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.handle('OrderPlacedEvent', 30);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 20, depth: 1 });
    const steps = [
      () => strategy.hear('trade_execution', 20, {}, undefined, { OrderPlacedEvent: ['order-gone'] }),
      () => strategy.hear('trade_execution', 20, { OrderPlacedEvent: 25 }),
    ];
    expect(await outcomesAfter(wait, steps)).toEqual(['waiting', true]);
  });

  it('holds a signal in the execution process until it handled the candle the signal was decided on', async () => {
    const execution = processOf(['trade_execution']);
    execution.handle('NewCandleEvent', 10);
    const wait = execution.barrier.before('EntrySignalEvent', { candle: 12, depth: 2 });
    expect(await settled(wait)).toBe('waiting');
    execution.handle('NewCandleEvent', 12);
    expect(await settled(wait)).toBe(true);
  });

  it('lets a candle pass a signal of a later candle held here, which the strategies reported running ahead', async () => {
    const execution = processOf(['trade_execution']);
    execution.handle('NewCandleEvent', 10);
    execution.handle('EntrySignalEvent', 0);
    // The strategies ran ahead to candle 20, signalled on candle 16 (stored at 17) and reported so.
    execution.hear('strategy_evaluation', 19, { EntrySignalEvent: 17 });
    const candle = execution.barrier.before('NewCandleEvent', { candle: 12, depth: 0 });
    expect(await settled(candle)).toBe('waiting');
    const signal = execution.barrier.before('EntrySignalEvent', { candle: 16, depth: 2 });
    expect(await settled(candle)).toBe(true);
    expect(await settled(signal)).toBe('waiting');
    execution.handle('NewCandleEvent', 16);
    expect(await settled(signal)).toBe(true);
  });

  it('names in a note only the outputs of the candles it covers', async () => {
    const strategy = processOf(['strategy_evaluation']);
    strategy.publish('EntrySignalEvent', 19, 17);
    strategy.publish('EntrySignalEvent', 25, 26);
    void strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 21, depth: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(strategy.sent.at(-1)?.progress).toEqual({ through: 20, stored: { EntrySignalEvent: 17 } });
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
    for (let candle = 0; candle < 64; candle++) {
      producer.barrier.published('NewCandleEvent');
      producer.barrier.stored('NewCandleEvent', undefined, 10 + 2 * candle);
    }
    const full = producer.barrier.room();
    expect(await settled(full?.then(() => true))).toBe('waiting');
    producer.hear('trade_execution', 100);
    expect(await settled(full?.then(() => true))).toBe(true);

    producer.barrier.published('NewCandleEvent');
    const stopped = producer.barrier.room();
    producer.barrier.close();
    expect(await settled(stopped?.then(() => true))).toBe(true);
  });

  it('counts the candles an execution note covers by their stream sequences, one note for several or before their acknowledgement', async () => {
    const producer = processOf(['data_fetching', 'indicator_calculation']);
    for (let candle = 0; candle < 66; candle++) producer.barrier.published('NewCandleEvent');
    // Candles at 1, 3, ..., 129; the acknowledgements of the last two have not come yet.
    for (let candle = 0; candle < 64; candle++)
      producer.barrier.stored('NewCandleEvent', undefined, 1 + 2 * candle);
    const full = producer.barrier.room();
    // One note for the first two candles: 64 of 66 still wait.
    producer.hear('trade_execution', 3);
    expect(await settled(full?.then(() => true))).toBe('waiting');
    // A note past candles whose acknowledgement comes later: they count once it does.
    producer.hear('trade_execution', 131);
    expect(await settled(full?.then(() => true))).toBe(true);
    // 63 more: 65 of 129 wait until the two late acknowledgements come.
    for (let candle = 0; candle < 63; candle++) producer.barrier.published('NewCandleEvent');
    expect(producer.barrier.room()).toBeDefined();
    producer.barrier.stored('NewCandleEvent', undefined, 129);
    producer.barrier.stored('NewCandleEvent', undefined, 131);
    expect(producer.barrier.room()).toBeUndefined();
  });

  it('ends a wait with false when closed, so a stopping consumer leaves the message for the next incarnation', async () => {
    const strategy = processOf(['strategy_evaluation']);
    const wait = strategy.barrier.before('IndicatorsCalculatedEvent', { candle: 5, depth: 1 });
    strategy.barrier.close();
    expect(await settled(wait)).toBe(false);
  });

  it('listens only to the notes of the services a process waits for, never to its own', () => {
    const subjects = (services: string[]) => {
      const listened: string[] = [];
      const connection = {
        subscribe: (subject: string) => {
          listened.push(subject);
          return { unsubscribe: () => undefined };
        },
        publish: () => undefined,
      } as unknown as NatsConnection;
      const barrier = new PipelineBarrier(services, {
        connection,
        prefix: 'tradestate',
        logger: pino({ level: 'silent' }),
        handledThrough: () => undefined,
      });
      barrier.start();
      barrier.close();
      return listened.sort();
    };
    expect(subjects(['trade_execution'])).toEqual(['tradestate_progress.strategy_evaluation']);
    expect(subjects(['strategy_evaluation'])).toEqual([
      'tradestate_progress.indicator_calculation',
      'tradestate_progress.trade_execution',
    ]);
    expect(subjects(['data_fetching', 'indicator_calculation'])).toEqual([
      'tradestate_progress.strategy_evaluation',
      'tradestate_progress.trade_execution',
    ]);
  });

  it('does not hold the events of a process that runs none of the pipeline services', () => {
    const other = processOf(['news_ingestion']);
    expect(other.barrier.active).toBe(false);
    expect(other.barrier.before('NewCandleEvent', { candle: 3, depth: 0 })).toBeUndefined();
  });
});
