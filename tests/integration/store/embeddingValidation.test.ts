import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import { StoreUnavailableError } from '../../../src/store/storeUnavailableError.js';
import { StrategyConfigError } from '../../../src/strategies/strategyConfigError.js';
import { UnknownStrategyTypeError } from '../../../src/strategies/unknownStrategyTypeError.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const logger = pino({ level: 'silent' });

/** A store holding an interrupted run (orders, a checkpoint): what a careless `fresh` would destroy. */
async function interruptedRun(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-embed-'));
  directories.push(directory);
  const path = join(directory, 'run.db');
  const system = await createTradingSystem(
    { store: { path }, event_bus: { mode: 'sync' } },
    { logger, store: true },
  );
  await system.run({
    maxCandles: 1_000,
    onCycle: (count) => {
      if (count >= 400) void system.stop();
    },
  });
  await system.stop();
  expect(system.summary().orders).toBeGreaterThan(0);
  return path;
}

function withStrategy(path: string, strategy: Record<string, unknown>): SystemConfigInput {
  return {
    store: { path },
    event_bus: { mode: 'sync' },
    services: { strategy_evaluation: { strategies: [strategy as never] } },
  };
}

describe('createTradingSystem checks before it opens the store', () => {
  it('a bad strategy parameter with fresh throws StrategyConfigError and leaves the store byte for byte', async () => {
    const path = await interruptedRun();
    const before = readFileSync(path);
    const config = withStrategy(path, {
      name: 'fast_ema',
      type: 'ema_crossover',
      params: { fast_period: -3 },
    });
    const error = await createTradingSystem(config, { logger, store: true, fresh: true }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StrategyConfigError);
    expect((error as Error).message).toMatch(/fast_ema/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('an unknown strategy type with fresh throws UnknownStrategyTypeError and leaves the store as it was', async () => {
    const path = await interruptedRun();
    const before = readFileSync(path);
    const error = await createTradingSystem(withStrategy(path, { name: 'mine', type: 'no_such_type' }), {
      logger,
      store: true,
      fresh: true,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownStrategyTypeError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a store path under /proc throws StoreUnavailableError at once instead of hanging in mkdir', async () => {
    const error = await createTradingSystem(
      { store: { path: '/proc/self/tradestate/run.db' }, event_bus: { mode: 'sync' } },
      { logger, store: true },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/\/proc\/self\/tradestate\/run\.db.*system file system/);
  });
});
