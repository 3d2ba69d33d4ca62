import { readFile } from 'node:fs/promises';
import { FileAccessError } from '../errors/fileAccessError.js';
import type { Candle } from '../events/candle.js';
import { inputFileProblem } from '../util/pathProblems.js';
import type { DataSource } from './dataSource.js';
import { type ParsedCsv, parseCsv } from './parseCsv.js';
import { replayTime } from './replayTime.js';
import { SubMinuteBarsError } from './subMinuteBarsError.js';
import { UnknownSymbolError } from './unknownSymbolError.js';

/**
 * Options of {@link CsvDataSource}.
 *
 * @example
 * ```ts
 * const source = await CsvDataSource.fromFile('data/msft.csv', { symbol: 'MSFT', onBadRow: 'skip', from: '2001-01-01' });
 * ```
 */
export interface CsvDataSourceOptions {
  /** The symbol the file holds. When set, asking for another symbol throws; when not, any symbol replays it. */
  symbol?: string;
  /** `error` (default): a bad row stops loading. `skip`: bad rows are left out and listed in `skipped`. */
  onBadRow?: 'error' | 'skip';
  /** First bar to replay (inclusive): ISO-8601 or epoch milliseconds. */
  from?: string | number;
  /** Last bar to replay (inclusive): ISO-8601 or epoch milliseconds. */
  to?: string | number;
}

/**
 * Replays the candles of a CSV file (generic or MetaTrader 5 export, see `parseCsv`), one bar per
 * `next()`, each symbol with its own cursor. Parsing and validation happen once, up front, so a bad file
 * fails before the run starts; the detected `format` and the inferred `baseTimeframe` are exposed.
 *
 * @example
 * ```ts
 * const source = await CsvDataSource.fromFile('examples/data/msft_2000_2001_daily.csv', { symbol: 'MSFT' });
 * source.baseTimeframe; // '1440'
 * source.next('MSFT'); // { time: 970012800000, open: 63.4375, ... }
 * ```
 */
export class CsvDataSource implements DataSource {
  readonly name: string;
  readonly format: ParsedCsv['format'];
  readonly baseTimeframe: string;
  readonly skipped: ParsedCsv['skipped'];
  readonly candles: readonly Candle[];
  private readonly cursors = new Map<string, number>();

  constructor(
    readonly fileName: string,
    parsed: ParsedCsv,
    private readonly options: CsvDataSourceOptions = {},
  ) {
    this.name = `csv:${fileName}`;
    this.format = parsed.format;
    rejectSubMinuteBars(fileName, parsed);
    // One row only: no spacing to infer; daily is the least surprising guess for a single bar.
    this.baseTimeframe = parsed.baseTimeframe ?? '1440';
    this.skipped = parsed.skipped;
    const from = replayTime(options.from, 'from');
    const to = replayTime(options.to, 'to');
    this.candles = parsed.candles.filter(
      (candle) => (from === undefined || candle.time >= from) && (to === undefined || candle.time <= to),
    );
  }

  /** Reads and parses a file (UTF-8). Throws `FileAccessError` for a path that cannot be read, `CsvFormatError` for a bad file. */
  static async fromFile(path: string, options: CsvDataSourceOptions = {}): Promise<CsvDataSource> {
    // Node's own ENOENT / EISDIR name neither the role of the path nor, for a directory, the path itself.
    const problem = inputFileProblem(path);
    if (problem !== undefined) throw new FileAccessError('data file', path, problem);
    const text = await readFile(path, 'utf8');
    return CsvDataSource.fromText(text, path, options);
  }

  /** Parses CSV text already in memory; `fileName` names it in errors. */
  static fromText(text: string, fileName: string, options: CsvDataSourceOptions = {}): CsvDataSource {
    return new CsvDataSource(
      fileName,
      parseCsv(text, { fileName, onBadRow: options.onBadRow ?? 'error' }),
      options,
    );
  }

  next(symbol: string): Candle | undefined {
    const cursor = this.cursor(symbol);
    const candle = this.candles[cursor];
    if (candle !== undefined) this.cursors.set(symbol, cursor + 1);
    return candle;
  }

  isExhausted(symbol: string): boolean {
    return this.cursor(symbol) >= this.candles.length;
  }

  /** Replays from the first bar again (for one symbol, or all). */
  rewind(symbol?: string): void {
    if (symbol === undefined) this.cursors.clear();
    else this.cursors.delete(symbol);
  }

  private cursor(symbol: string): number {
    if (this.options.symbol !== undefined && symbol !== this.options.symbol) {
      throw new UnknownSymbolError(this.name, symbol, [this.options.symbol]);
    }
    return this.cursors.get(symbol) ?? 0;
  }
}

/** Second bars would be taken for daily ones (parseCsv gives no timeframe below a minute): refused. */
function rejectSubMinuteBars(fileName: string, { candles, spacingMilliseconds: usual }: ParsedCsv): void {
  if (usual === undefined || usual >= 60_000) return;
  const index = candles.findIndex((candle, at) => at > 0 && candle.time - candles[at - 1]!.time < 60_000);
  throw new SubMinuteBarsError(fileName, usual, { time: candles[index]!.time });
}
