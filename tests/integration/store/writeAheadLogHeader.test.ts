import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWriteAheadLog } from '../../../src/store/checkWriteAheadLog.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';
import { intent } from '../../support/storeFixtures.js';

const scratch = scratchDirectories('tradestate-wal-');

/** The header (first 32 bytes) of a write-ahead log SQLite itself wrote, taken while its writer is open. */
function realHeader(): Buffer {
  const path = join(scratch(), 'run.db');
  const writer = TradingStore.open(path);
  writer.recordOrderIntent(intent());
  const header = readFileSync(`${path}-wal`).subarray(0, 32);
  writer.close();
  return Buffer.from(header);
}

/** A store path whose `-wal` holds `bytes`. */
function withLog(bytes: Buffer): string {
  const path = join(scratch(), 'copy.db');
  writeFileSync(`${path}-wal`, bytes);
  return path;
}

describe('checkWriteAheadLog', () => {
  it('accepts the header SQLite wrote, and a store path with no log or an empty one', () => {
    expect(checkWriteAheadLog(withLog(realHeader()))).toBeUndefined();
    expect(checkWriteAheadLog(join(scratch(), 'none.db'))).toBeUndefined();
    expect(checkWriteAheadLog(withLog(Buffer.alloc(0)))).toBeUndefined();
  });

  it.each([
    ['shorter than a header', (header: Buffer) => header.subarray(0, 20)],
    ['of another format version', (header: Buffer) => Buffer.from(header).fill(0, 4, 8)],
    [
      'whose header checksum does not match',
      (header: Buffer) => {
        const changed = Buffer.from(header);
        changed.writeUInt32BE((changed.readUInt32BE(8) + 1) >>> 0, 8);
        return changed;
      },
    ],
  ])('refuses a log %s, naming the file', (_what, damage) => {
    const path = withLog(damage(realHeader()));
    expect(checkWriteAheadLog(path)).toBe(
      `its write-ahead log ${path}-wal is not SQLite's (no valid header)`,
    );
  });
});
