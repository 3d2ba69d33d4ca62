import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { runIdentity } from '../../../src/store/runIdentity.js';
import { StoreCheckpointStore } from '../../../src/store/storeCheckpointStore.js';
import { StoreIdentityError } from '../../../src/store/storeIdentityError.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratchDirectory = scratchDirectories('tradestate-resume-');
const storePath = (): string => join(scratchDirectory(), 'run.db');

const input = (path: string, overrides: SystemConfigInput['trading'] = {}): SystemConfigInput => ({
  store: { path },
  trading: { max_duration_seconds: 600, ...overrides },
  event_bus: { mode: 'sync' },
});

async function runTo(
  config: SystemConfigInput,
  candles: number,
  options: { store: boolean; stopAt?: number },
) {
  const notices: string[] = [];
  const system = await createTradingSystem(config, {
    logger: pino({ level: 'silent' }),
    store: options.store,
    onNotice: (notice) => notices.push(notice),
  });
  const summary = await system.run({
    maxCandles: candles,
    onCycle: (count) => {
      if (options.stopAt !== undefined && count >= options.stopAt) void system.stop();
    },
  });
  await system.stop();
  const fills = system.broker.getFills().map((fill) => fill.clientOrderId);
  return { summary, fills, trips: system.roundTrips(), notices };
}

describe('createTradingSystem with a durable store', () => {
  it('a run stopped at candle 300 and resumed ends where an uninterrupted 700-candle run ends', async () => {
    const path = storePath();
    const uninterrupted = await runTo(input(':memory:'), 700, { store: false });
    const first = await runTo(input(path), 700, { store: true, stopAt: 300 });
    expect(first.summary.candles).toBeLessThan(700);
    const resumed = await runTo(input(path), 700, { store: true });
    expect(resumed.notices[0]).toMatch(/^Resuming from .*run\.db: \d+ orders, last candle 2025-01-06T0/);
    expect(resumed.summary.candles).toBe(700);
    expect(resumed.fills).toEqual(uninterrupted.fills);
    expect(resumed.trips).toEqual(uninterrupted.trips);
    expect(resumed.summary.final_equity).toBe(uninterrupted.summary.final_equity);
    expect(resumed.summary.orders).toBe(uninterrupted.summary.orders);
  });

  it('starts a finished run over, saying so, instead of resuming it', async () => {
    const path = storePath();
    const first = await runTo(input(path), 200, { store: true });
    const second = await runTo(input(path), 200, { store: true });
    expect(second.notices).toEqual([`Previous run in ${path} finished: starting over`]);
    expect(second.summary.candles).toBe(200);
    expect(second.fills).toEqual(first.fills);
  });

  it('refuses to resume a store of a run with another strategy setup, naming the difference', async () => {
    const path = storePath();
    await runTo(input(path), 700, { store: true, stopAt: 50 });
    const other = { ...input(path), risk: { max_open_positions: 1 } };
    const error = await createTradingSystem(other, { logger: pino({ level: 'silent' }), store: true }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StoreIdentityError);
    expect((error as Error).message).toMatch(
      /config_hash: store has "\w+", this run has "\w+"[\s\S]*--fresh/,
    );
    const fresh = await createTradingSystem(other, {
      logger: pino({ level: 'silent' }),
      store: true,
      fresh: true,
    });
    await fresh.stop();
  });
});

describe('runIdentity', () => {
  it('ignores logging, the store, endpoints and run limits, but not what changes the trades', () => {
    const base = runIdentity(configFromObject({}));
    expect(
      runIdentity(
        configFromObject({
          logging: { level: 'DEBUG' },
          store: { path: 'elsewhere.db' },
          trading: { max_candles: 10, max_duration_seconds: 5 },
          orchestrator: { http: { enabled: true } },
        }),
      ),
    ).toEqual(base);
    expect(runIdentity(configFromObject({ risk: { max_daily_loss: 1 } })).config_hash).not.toBe(
      base.config_hash,
    );
    expect(runIdentity(configFromObject({ trading: { data_source: { seed: 7 } } })).data).not.toBe(base.data);
  });
});

describe('StoreCheckpointStore', () => {
  it('writes saves and registered values only when flushed, and reads its own unsaved ones', () => {
    const store = TradingStore.open(':memory:');
    const checkpoints = new StoreCheckpointStore(store);
    let clock = 1;
    checkpoints.save('strategy_evaluation', 'stale', ['EURUSD']);
    checkpoints.register('strategy_evaluation', 'entry_manager', () => ({ clock }));
    expect(store.loadCheckpoint('strategy_evaluation', 'stale')).toBeUndefined();
    expect(checkpoints.load('strategy_evaluation', 'stale')).toEqual(['EURUSD']);
    clock = 2;
    store.transaction(() => checkpoints.flush());
    expect(store.loadCheckpoint('strategy_evaluation', 'stale')).toEqual(['EURUSD']);
    expect(store.loadCheckpoint('strategy_evaluation', 'entry_manager')).toEqual({ clock: 2 });
  });
});
