import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { StoreCorruptError } from '../../../src/store/storeCorruptError.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';
import { intent } from '../../support/storeFixtures.js';

const scratch = scratchDirectories('tradestate-corrupt-');

/** A closed store holding 400 orders (enough pages that damage lands in the data). */
function storeWithOrders(path: string): void {
  const store = TradingStore.open(path);
  store.transaction(() => {
    for (let index = 0; index < 400; index++)
      store.recordOrderIntent(intent({ clientOrderId: `order-${index}`, strategyName: `s${index % 7}` }));
  });
  store.saveCheckpoint('system', 'progress', { counts: { candles: 10 } });
  store.close();
}

function openError(path: string): unknown {
  try {
    TradingStore.open(path).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a damaged store', () => {
  it('truncated to half its size is refused, naming the path, --fresh and a backup', () => {
    const path = join(scratch(), 'run.db');
    storeWithOrders(path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const error = openError(path);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/--fresh[\s\S]*backup/);
  });

  it('overwritten with other bytes is refused as not a database', () => {
    const path = join(scratch(), 'run.db');
    storeWithOrders(path);
    writeFileSync(path, Buffer.alloc(statSync(path).size, 0x5a));
    const error = openError(path);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toMatch(/not a database|malformed/);
  });

  it('with a garbage write-ahead log is refused instead of silently losing what the log held', () => {
    const directory = scratch();
    const path = join(directory, 'run.db');
    // A writer killed mid-run leaves its commits in the -wal file: copy the files while it is still open.
    const writer = TradingStore.open(path);
    writer.recordOrderIntent(intent());
    copyFileSync(path, join(directory, 'copy.db'));
    copyFileSync(`${path}-wal`, join(directory, 'copy.db-wal'));
    writer.close();
    const copy = join(directory, 'copy.db');
    // The intact log is replayed: the order is there.
    const intact = TradingStore.open(copy);
    expect(intact.listOrders()).toHaveLength(1);
    intact.close();
    copyFileSync(path, copy);
    writeFileSync(`${copy}-wal`, Buffer.alloc(4096, 0x41));
    const error = openError(copy);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(`${copy}-wal`);
    // Nothing was changed: the garbage log is still there for a human to look at.
    expect(readFileSync(`${copy}-wal`).every((byte) => byte === 0x41)).toBe(true);
  });

  it('is replaced by an empty one with fresh', () => {
    const path = join(scratch(), 'run.db');
    storeWithOrders(path);
    truncateSync(path, 1000);
    const store = TradingStore.open(path, { fresh: true });
    expect(store.listOrders()).toEqual([]);
    store.close();
  });

  it('stops tradestate backtest with exit code 2 and the message, before any bar is replayed', async () => {
    const directory = scratch();
    const path = join(directory, 'store.db');
    writeFileSync(path, 'not a database at all, just text '.repeat(200));
    const { io, stderr, stdout } = fakeCliIO({ env: { STORE_PATH: path, LOGGING_LEVEL: 'SILENT' } });
    const data = resolve(import.meta.dirname, '../../../examples/data/msft_2000_2001_daily.csv');
    const code = await main(
      ['backtest', '--data', data, '--symbol', 'MSFT', '--out', join(directory, 'out')],
      io,
    );
    expect(code).toBe(2);
    expect(stderr()).toContain(`the store ${path} is damaged`);
    expect(stderr()).toContain('--fresh');
    expect(stderr()).not.toMatch(/\n\s+at /);
    expect(stdout()).toBe('');
  });
});
