import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { natsConfig, natsHarness } from './natsTestSupport.js';

// The roles of a cross-process run as TradingSystems in this process (so that coverage sees them): the
// producer's loop, the follower that has no loop, and the end of data that one announces to the other.
const harness = natsHarness();
beforeAll(harness.open);
afterEach(harness.cleanUp);
afterAll(harness.close);

const logger = pino({ level: 'silent' });
const candles = 60;

function role(names: { stream: string; prefix: string }, services: string[]): SystemConfigInput {
  return {
    trading: {
      max_candles: candles,
      max_duration_seconds: 3_600,
      data_source: { type: 'synthetic', seed: 3 },
    },
    orchestrator: { services: services as never },
    event_bus: natsConfig(names) as never,
  };
}

describe('a run split by services over NATS, in one process', () => {
  it('ends the follower on the producer end of data, after it saw every candle', async () => {
    const names = harness.names('split');
    const follower = await createTradingSystem(role(names, ['strategy_evaluation', 'trade_execution']), {
      logger,
    });
    const producer = await createTradingSystem(role(names, ['data_fetching', 'indicator_calculation']), {
      logger,
    });
    try {
      const following = follower.run();
      const produced = await producer.run();
      const followed = await following;
      expect(produced.candles).toBe(candles);
      expect(followed.candles).toBe(candles);
      expect(followed.supervision.status).toBe('ok');
    } finally {
      await producer.stop();
      await follower.stop();
    }
  }, 60_000);

  it('stops a follower that waits for data when it is asked to stop', async () => {
    const names = harness.names('split-stop');
    const follower = await createTradingSystem(role(names, ['trade_execution']), { logger });
    try {
      const following = follower.run();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await follower.stop();
      expect((await following).candles).toBe(0);
    } finally {
      await follower.stop();
    }
  }, 60_000);
});
