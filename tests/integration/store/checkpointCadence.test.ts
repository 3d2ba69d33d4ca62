import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratch = scratchDirectories('tradestate-cadence-');

const storedCandles = (system: Awaited<ReturnType<typeof createTradingSystem>>) =>
  system.durable?.store.loadCheckpoint<{ counts: { candles: number } }>('system', 'progress')?.counts
    .candles ?? 0;

describe('checkpoints at a cadence', () => {
  it('are written every checkpoint_every_bars cycles, and before each order the disk holds the cycle before it', async () => {
    const path = join(scratch(), 'run.db');
    const system = await createTradingSystem(
      {
        store: { path, checkpoint_every_bars: 100, checkpoint_every_ms: 3_600_000 },
        // Orders at the deciding bar's close, so that an order belongs to the cycle the counter has counted.
        trading: { max_duration_seconds: 600, fill_price: 'close' },
        event_bus: { mode: 'sync' },
      },
      { logger: pino({ level: 'silent' }), store: true },
    );
    const stored: Array<{ count: number; candles: number }> = [];
    const atOrders: Array<{ stored: number; counted: number }> = [];
    system.bus.subscribe('OrderPlacedEvent', () => {
      atOrders.push({ stored: storedCandles(system), counted: system.summary().candles });
    });
    await system.run({
      maxCandles: 700,
      onCycle: (count) => stored.push({ count, candles: storedCandles(system) }),
    });
    await system.stop();
    expect(atOrders.length).toBeGreaterThan(2);
    for (const order of atOrders) expect(order.stored).toBe(order.counted - 1);
    // Never more than 100 cycles behind; and far fewer writes than cycles.
    for (const { count, candles } of stored) expect(count - candles).toBeLessThanOrEqual(100);
    const writes = stored.filter(
      ({ candles }, index) => index > 0 && candles !== stored[index - 1]?.candles,
    ).length;
    expect(writes).toBeLessThanOrEqual(700 / 100 + atOrders.length);
  });

  it('with checkpoint_every_ms 0 are written at every cycle', async () => {
    const path = join(scratch(), 'run.db');
    const system = await createTradingSystem(
      { store: { path, checkpoint_every_bars: 1000, checkpoint_every_ms: 0 }, event_bus: { mode: 'sync' } },
      { logger: pino({ level: 'silent' }), store: true },
    );
    const lag: number[] = [];
    await system.run({
      maxCandles: 50,
      onCycle: (count) => lag.push(count - storedCandles(system)),
    });
    await system.stop();
    // onCycle runs just before the cycle's checkpoint: the disk is exactly one cycle behind.
    expect(new Set(lag.slice(1))).toEqual(new Set([1]));
  });
});
