import type { Candle } from '../events/candle.js';
import { BarSpacing } from './barSpacing.js';
import type { CsvDataSourceOptions } from './csvDataSource.js';
import { CsvFormatError } from './csvFormatError.js';
import { CsvRows } from './csvRows.js';
import type { DataSource } from './dataSource.js';
import { FileByteLines } from './fileByteLines.js';
import { FileLines } from './fileLines.js';
import { PackedCandles, packedCandleFields } from './packedCandles.js';
import { PriceRange } from './priceRange.js';
import { replayTime } from './replayTime.js';
import { SubMinuteBarsError } from './subMinuteBarsError.js';
import { UnknownSymbolError } from './unknownSymbolError.js';

/** A symbol's place in the file: its own reader, so each symbol replays the file at its own pace. */
interface Cursor {
  /** Absent when the bars are held ({@link HeldBars}): the cursor is then an index into them. */
  lines?: FileLines;
  rows?: CsvRows;
  served: number;
}

/** Options of {@link CsvFileSource.open}: those of `CsvDataSource`, and how many bars it may hold. */
export interface CsvFileSourceOptions extends CsvDataSourceOptions {
  /**
   * The most bars (between `from` and `to`) kept from the validating read, 48 bytes each, so that the
   * replay does not parse the file a second time; a longer file is read again instead (memory flat).
   * Default 2,000,000 (96 MB).
   */
  maxHeldBars?: number;
}

/** Bars per block of {@link HeldBars}: blocks are never copied as the bars grow. */
const heldBlockBars = 65_536;

/**
 * Bars kept packed ({@link PackedCandles}) in fixed blocks, a candle object made only when replayed. Blocks
 * every reader has replayed are released, so the replay's memory shrinks as the run's grows.
 */
class HeldBars {
  private readonly blocks: (Float64Array | undefined)[] = [];
  private released = 0;
  length = 0;

  /** Whether every bar is still held (none released): a new reader can start from the first. */
  get complete(): boolean {
    return this.released === 0;
  }

  /** Releases the blocks wholly before bar `index`. */
  releaseBefore(index: number): void {
    const end = Math.floor(index / heldBlockBars);
    for (; this.released < end; this.released++) this.blocks[this.released] = undefined;
  }

  push(candle: Candle): void {
    const row = this.length % heldBlockBars;
    if (row === 0) this.blocks.push(new Float64Array(heldBlockBars * packedCandleFields));
    PackedCandles.write(this.blocks[this.blocks.length - 1]!, row, candle);
    this.length += 1;
  }

  /** The bar at `index`, which must not be released. */
  candle(index: number): Candle {
    return PackedCandles.read(this.blocks[Math.floor(index / heldBlockBars)]!, index % heldBlockBars);
  }
}

const defaultMaxHeldBars = 2_000_000;

/**
 * Replays the candles of a CSV file like `CsvDataSource`, without holding them as objects: {@link open}
 * reads the whole file once to validate it (so a bad file fails before the run, with the same file:line
 * messages) and to count its bars, infer the bar spacing and find the first and last bar, and keeps the
 * bars as numbers (48 bytes a bar, up to `maxHeldBars`); `next()` then replays them without parsing the
 * file again. A file of more bars is read again, line by line, through the same row reader: memory stays
 * bounded however long the file is. Used by `tradestate backtest`.
 *
 * @example
 * ```ts
 * const source = CsvFileSource.open('examples/data/msft_2000_2001_daily.csv', { symbol: 'MSFT' });
 * source.bars; // 249
 * source.next('MSFT'); // { time: 970012800000, open: 63.4375, ... }
 * ```
 */
export class CsvFileSource implements DataSource {
  readonly name: string;
  readonly format: CsvRows['format'];
  readonly baseTimeframe: string;
  readonly skipped: CsvRows['skipped'];
  /** Bars between `from` and `to`, and the first and last of their times (undefined when there are none). */
  readonly bars: number;
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  /** The prices of the bars between `from` and `to`. */
  readonly priceRange = new PriceRange();
  private readonly from: number | undefined;
  private readonly to: number | undefined;
  private readonly cursors = new Map<string, Cursor>();
  /** Whether the file goes newest first: its held bars are replayed from the last (none is released). */
  private readonly reversed: boolean;
  /** The bars in range, when there are at most `maxHeldBars` of them; else the file is read again. */
  private readonly held: HeldBars | undefined;

  private constructor(
    readonly fileName: string,
    private readonly options: CsvFileSourceOptions,
  ) {
    this.name = `csv:${fileName}`;
    this.from = replayTime(options.from, 'from');
    this.to = replayTime(options.to, 'to');
    const spacing = new BarSpacing();
    let bars = 0;
    let firstTime: number | undefined;
    let lastTime: number | undefined;
    const maxHeldBars = options.maxHeldBars ?? defaultMaxHeldBars;
    let held: HeldBars | undefined = new HeldBars();
    let previousTime: number | undefined;
    let shortGap: { line: number; time: number } | undefined;
    /** The first line older than the one above it: the file goes newest first. */
    let olderLine: number | undefined;
    // The validating read takes the lines as bytes: plain rows are parsed from them, the others decoded
    // and read as text (same rows, same messages as the replay's reader).
    const lines = new FileByteLines(fileName);
    let rows: CsvRows;
    try {
      rows = this.headerRows(lines);
      while (lines.next()) {
        const { bytes, start, end, lineNumber } = lines;
        const candle = rows.bytesRow(bytes, start, end, lineNumber) ?? rows.row(lines.text(), lineNumber);
        if (candle === undefined) continue;
        if (
          shortGap === undefined &&
          previousTime !== undefined &&
          Math.abs(candle.time - previousTime) < 60_000
        )
          shortGap = { line: lineNumber, time: candle.time };
        if (previousTime !== undefined && candle.time < previousTime) olderLine ??= lineNumber;
        previousTime = candle.time;
        spacing.add(candle.time);
        if (!this.inRange(candle.time)) continue;
        bars += 1;
        this.priceRange.add(candle);
        // Oldest and newest, whichever way the file goes.
        firstTime = Math.min(firstTime ?? candle.time, candle.time);
        lastTime = Math.max(lastTime ?? candle.time, candle.time);
        if (held === undefined) continue;
        if (bars > maxHeldBars) held = undefined;
        else held.push(candle);
      }
    } finally {
      lines.close();
    }
    rows.finish();
    const usual = spacing.medianMilliseconds();
    if (usual !== undefined && usual < 60_000) throw new SubMinuteBarsError(fileName, usual, shortGap!);
    this.reversed = rows.reversed;
    // A newest-first file is replayed from its held bars, backwards: reading it again could only go forwards.
    if (this.reversed && held === undefined) {
      throw new CsvFormatError(
        fileName,
        olderLine!,
        `the file goes newest first and has more than ${maxHeldBars.toLocaleString('en-US')} bars, too many to replay in reverse; sort it oldest first`,
      );
    }
    this.held = held;
    this.format = rows.format;
    this.skipped = rows.skipped;
    // One row only: no spacing to infer; daily is the least surprising guess for a single bar.
    this.baseTimeframe = spacing.median() ?? '1440';
    this.bars = bars;
    this.firstTime = firstTime;
    this.lastTime = lastTime;
  }

  /** Reads and validates the file (UTF-8). Throws `CsvFormatError` for a bad file. */
  static open(path: string, options: CsvFileSourceOptions = {}): CsvFileSource {
    return new CsvFileSource(path, options);
  }

  next(symbol: string): Candle | undefined {
    const cursor = this.symbolCursor(symbol);
    if (cursor.served >= this.bars) return undefined;
    if (cursor.lines === undefined) {
      if (this.reversed) return this.held!.candle(this.bars - 1 - cursor.served++);
      const candle = this.held!.candle(cursor.served++);
      if (cursor.served % heldBlockBars === 0) this.releaseReplayed();
      return candle;
    }
    for (let candle = this.read(cursor); candle !== undefined; candle = this.read(cursor)) {
      if (!this.inRange(candle.time)) continue;
      cursor.served += 1;
      if (cursor.served === this.bars) cursor.lines?.close();
      return candle;
    }
    return undefined;
  }

  isExhausted(symbol: string): boolean {
    return this.symbolCursor(symbol).served >= this.bars;
  }

  /** Replays from the first bar again (for one symbol, or all). */
  rewind(symbol?: string): void {
    for (const [each, cursor] of this.cursors) {
      if (symbol !== undefined && each !== symbol) continue;
      cursor.lines?.close();
      this.cursors.delete(each);
    }
  }

  close(): void {
    this.rewind();
  }

  private symbolCursor(symbol: string): Cursor {
    if (this.options.symbol !== undefined && symbol !== this.options.symbol) {
      throw new UnknownSymbolError(this.name, symbol, [this.options.symbol]);
    }
    let cursor = this.cursors.get(symbol);
    if (cursor === undefined) {
      // Once held bars were released, a new (or rewound) reader reads the file again.
      cursor = this.held?.complete ? { served: 0 } : this.cursor();
      this.cursors.set(symbol, cursor);
    }
    return cursor;
  }

  /** Releases the held blocks that every reader of them has replayed. */
  private releaseReplayed(): void {
    let replayed = Number.POSITIVE_INFINITY;
    for (const cursor of this.cursors.values())
      if (cursor.lines === undefined) replayed = Math.min(replayed, cursor.served);
    if (Number.isFinite(replayed)) this.held?.releaseBefore(replayed);
  }

  /** The row reader of the header, the first line that is not blank (`lines` then past it). */
  private headerRows(lines: FileByteLines): CsvRows {
    while (lines.next()) {
      const line = lines.text();
      if (line.trim() === '') continue;
      return CsvRows.fromHeader(line, lines.lineNumber, {
        fileName: this.fileName,
        onBadRow: this.options.onBadRow ?? 'error',
        newestFirst: this.probeNewestFirst(line, lines.lineNumber),
      });
    }
    throw new CsvFormatError(this.fileName, 1, 'file is empty; expected a header row and data rows');
  }

  /** Whether the rows after the header (line `headerLine`) go newest first: read from the first ones. */
  private probeNewestFirst(header: string, headerLine: number): boolean {
    const lines = new FileLines(this.fileName);
    try {
      for (let line = lines.next(); line !== undefined && lines.lineNumber < headerLine; line = lines.next());
      const following = function* () {
        for (let line = lines.next(); line !== undefined; line = lines.next()) yield line;
      };
      return CsvRows.probeNewestFirst(header, headerLine, following(), this.fileName);
    } finally {
      lines.close();
    }
  }

  /** A reader at the first data row (past blank lines and the header). */
  private cursor(): Cursor {
    const lines = new FileLines(this.fileName);
    try {
      for (let line = lines.next(); line !== undefined; line = lines.next()) {
        if (line.trim() === '') continue;
        const rows = CsvRows.fromHeader(line, lines.lineNumber, {
          fileName: this.fileName,
          onBadRow: this.options.onBadRow ?? 'error',
        });
        return { lines, rows, served: 0 };
      }
      throw new CsvFormatError(this.fileName, 1, 'file is empty; expected a header row and data rows');
    } catch (error) {
      lines.close();
      throw error;
    }
  }

  /** The next good row's candle, or undefined at the end of the file. */
  private read(cursor: Cursor): Candle | undefined {
    const lines = cursor.lines!;
    for (let line = lines.next(); line !== undefined; line = lines.next()) {
      const candle = cursor.rows!.row(line, lines.lineNumber);
      if (candle !== undefined) return candle;
    }
    return undefined;
  }

  private inRange(time: number): boolean {
    return (this.from === undefined || time >= this.from) && (this.to === undefined || time <= this.to);
  }
}
