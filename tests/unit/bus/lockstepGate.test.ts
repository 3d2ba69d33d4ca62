import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LockstepGate, lockstepOrder } from '../../../src/bus/nats/lockstepGate.js';
import { createNatsCounters } from '../../../src/bus/nats/natsEventBusMetrics.js';
import { EventBuilders } from '../../../src/testing/eventBuilders.js';

/**
 * A stream that is quiescent whenever the test says so: each look at it reports the consumers busy until
 * `settle()` is called, once per wait.
 */
function fakeStream() {
  let settled = 0;
  let looked = 0;
  const jsm = {
    streams: { info: async () => ({ state: { last_seq: 1 } }) },
    consumers: {
      list: () =>
        (async function* () {
          looked++;
          if (settled === 0)
            yield { config: { durable_name: 'busy' }, name: 'busy', num_pending: 1, num_ack_pending: 0 };
          else settled--;
        })(),
    },
  } as unknown as JetStreamManager;
  // No acknowledgements to watch: the quiescence falls back to looking again after a pause.
  const connection = {
    subscribe: () => {
      throw new Error('not allowed');
    },
  } as unknown as NatsConnection;
  return {
    jsm,
    connection,
    settle: () => {
      settled++;
    },
    looks: () => looked,
  };
}

function gate(stream: ReturnType<typeof fakeStream>) {
  const counters = createNatsCounters();
  const logger = pino({ level: 'silent' });
  const lockstep = new LockstepGate(['NewCandleEvent', 'IndicatorsCalculatedEvent', 'EndOfDataEvent'], {
    jsm: stream.jsm,
    stream: 'S',
    connection: stream.connection,
    flushed: async () => undefined,
    counters,
    logger,
  });
  return { lockstep, counters };
}

const builders = new EventBuilders();
const candle = (time: number, symbol = 'EURUSD') =>
  builders.newCandle({ symbol, bar: builders.candle({ time }) });
const indicators = (time: number) => builders.indicatorsCalculated({ recent_rows: [builders.row({ time })] });
const endOfData = () => builders.build('EndOfDataEvent', { reason: 'exhausted', candles: 2 });
type Held = ReturnType<typeof candle> | ReturnType<typeof indicators> | ReturnType<typeof endOfData>;

const until = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 1_000 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

describe('lockstepOrder', () => {
  it('orders by bar time, then candles before the indicators of the same bar, and the end of data last', () => {
    expect(lockstepOrder(candle(60_000))).toEqual([60_000, 0]);
    expect(lockstepOrder(indicators(60_000))).toEqual([60_000, 1]);
    expect(lockstepOrder(endOfData())).toEqual([Number.POSITIVE_INFINITY, 2]);
  });
});

describe('LockstepGate', () => {
  it('sends the indicators of a bar before the next candle that was held first, one per quiescent stream', async () => {
    const stream = fakeStream();
    const { lockstep, counters } = gate(stream);
    const sent: string[] = [];
    const hold = (event: Held, name: string) => lockstep.send(() => sent.push(name), lockstepOrder(event));

    hold(candle(120_000), 'candle 2');
    hold(indicators(60_000), 'indicators 1');
    hold(endOfData(), 'end');
    hold(candle(120_000, 'GBPUSD'), 'candle 2 GBPUSD');
    await until(() => stream.looks() > 0);
    expect(sent).toEqual([]);

    for (let wait = 1; wait <= 4; wait++) {
      stream.settle();
      await until(() => sent.length === wait);
    }
    await lockstep.idle();
    expect(sent).toEqual(['indicators 1', 'candle 2', 'candle 2 GBPUSD', 'end']);
    expect(counters.lockstep_waits).toBe(4);
  });

  it('drops what it holds when interrupted, counting it, and sends nothing more', async () => {
    const stream = fakeStream();
    const { lockstep, counters } = gate(stream);
    const sent: string[] = [];
    lockstep.send(() => sent.push('candle'), lockstepOrder(candle(60_000)));
    lockstep.send(() => sent.push('indicators'), lockstepOrder(indicators(60_000)));
    await until(() => stream.looks() > 0);
    lockstep.interrupt();
    await lockstep.idle();
    expect(sent).toEqual([]);
    expect(counters.lockstep_dropped).toBe(2);
  });

  it('sends an event held after the previous ones were sent (the sending loop starts again)', async () => {
    const stream = fakeStream();
    const { lockstep } = gate(stream);
    const sent: string[] = [];
    lockstep.send(() => sent.push('first'), lockstepOrder(candle(60_000)));
    stream.settle();
    await lockstep.idle();
    lockstep.send(() => sent.push('second'), lockstepOrder(candle(120_000)));
    stream.settle();
    await lockstep.idle();
    expect(sent).toEqual(['first', 'second']);
  });
});
