import { pino } from 'pino';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { TradeExecutor } from '../../../src/execution/tradeExecutor.js';
import { DurableRun } from '../../../src/store/durableRun.js';
import { StoreOrderOutbox } from '../../../src/store/storeOrderOutbox.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { SeededRandom } from '../../../src/util/random.js';
import { makeConfig } from '../execution/executionFixtures.js';

const logger = pino({ level: 'silent' });

/** A paper broker behind the store outbox; `deferFills` as the durable run sets it for the paper broker. */
export function setup(store = TradingStore.open(':memory:'), deferFills = false) {
  const config = makeConfig({ sizing: { fixed_size: 0.1 } }, {});
  const random = new SeededRandom(7);
  const broker = new PaperBroker({ trading: config.trading, random });
  const outbox = new StoreOrderOutbox({
    store,
    broker,
    brokerState: () => ({ paper: broker.snapshot(), random: random.snapshot() }),
    deferFills,
  });
  return {
    store,
    broker,
    random,
    config,
    outbox,
    executor: new TradeExecutor({ broker, ...config, outbox }),
  };
}

/** The start after a crash: a new process's broker and outbox on `store`, recovered from it. */
export async function restartAndRecover(store: TradingStore) {
  const restarted = setup(store);
  const durable = new DurableRun({
    store,
    broker: restarted.broker,
    paper: restarted.broker,
    random: restarted.random,
    manager: { lastTime: () => undefined } as never,
    symbols: ['EURUSD'],
    logger,
  });
  return { restarted, resolutions: await durable.recover() };
}
