import { closeSync, openSync, readSync, statSync } from 'node:fs';

const walMagicLittleEndian = 0x377f0682;
const walMagicBigEndian = 0x377f0683;
const walFormatVersion = 3_007_000;

/**
 * Why the write-ahead log `<path>-wal` cannot be SQLite's, or undefined when it is absent, empty, or has a
 * valid header (magic number, format version and header checksum, as in SQLite's file-format spec).
 * SQLite itself ignores a WAL whose header is invalid, which silently rewinds the store to its last
 * checkpoint: a run would start over (or resume from long ago) without a word.
 *
 * @example
 * ```ts
 * const problem = checkWriteAheadLog('data/run.db'); // undefined, or 'its write-ahead log … has no valid header'
 * ```
 */
export function checkWriteAheadLog(path: string): string | undefined {
  const wal = `${path}-wal`;
  const size = statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) return undefined;
  const invalid = `its write-ahead log ${wal} is not SQLite's (no valid header)`;
  if (size < 32) return invalid;
  const header = Buffer.alloc(32);
  const descriptor = openSync(wal, 'r');
  try {
    readSync(descriptor, header, 0, 32, 0);
  } finally {
    closeSync(descriptor);
  }
  const magic = header.readUInt32BE(0);
  if (magic !== walMagicLittleEndian && magic !== walMagicBigEndian) return invalid;
  if (header.readUInt32BE(4) !== walFormatVersion) return invalid;
  const bigEndian = magic === walMagicBigEndian;
  let first = 0;
  let second = 0;
  for (let offset = 0; offset < 24; offset += 8) {
    const x0 = bigEndian ? header.readUInt32BE(offset) : header.readUInt32LE(offset);
    const x1 = bigEndian ? header.readUInt32BE(offset + 4) : header.readUInt32LE(offset + 4);
    first = (first + x0 + second) >>> 0;
    second = (second + x1 + first) >>> 0;
  }
  if (first !== header.readUInt32BE(24) || second !== header.readUInt32BE(28)) return invalid;
  return undefined;
}
