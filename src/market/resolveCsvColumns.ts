import { quoteValue } from '../errors/quoteValue.js';
import { CsvFormatError } from './csvFormatError.js';
import { parseCsvTimestamp } from './parseCsvTimestamp.js';

/** Where each field of a candle sits in a CSV row, and which dialect the header is. */
export interface CsvColumns {
  format: 'generic' | 'mt5';
  /** Column of the timestamp (or of the date, when the time of day is a separate column). */
  timestamp: number;
  /** Column of the time of day, when dates and times are split (MT5, `date,time,...`). */
  timeOfDay?: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
  /** Header names, as written, for error messages. */
  names: string[];
  /** Fields a data row needs so that every used column is present. */
  minimumFields: number;
}

/**
 * Names of a column holding the whole timestamp, in order of preference (`time` last: it may be only the
 * time of day beside a `date` column). `open time` is Binance's kline export (its `close time` is the
 * bar's last millisecond), `gmt time` and `local time` Dukascopy's, `unix` CryptoDataDownload's.
 */
const timestampAliases = [
  'timestamp',
  'datetime',
  'date time',
  'date_time',
  'open time',
  'open_time',
  'opentime',
  'gmt time',
  'local time',
  'unix',
  'time',
];
const genericVolumeAliases = ['volume', 'vol', 'tick_volume', 'tickvol', 'tick volume', 'real_volume'];
// MT5 exports both; FX brokers fill <VOL> (real volume) with zeros, so tick volume is the useful one.
const mt5VolumeAliases = ['tickvol', 'vol', 'volume'];

/**
 * Maps a header row to candle fields. Names are matched case-insensitively, without quotes or MT5's
 * angle brackets; `date`/`time`/`datetime` (and the exporters' `open time`, `gmt time`, `local time`,
 * `unix`) stand for `timestamp`, `vol`/`tick_volume` for `volume`;
 * columns it does not know (`Adj Close`, `<SPREAD>`) are ignored. Volume is optional.
 *
 * @example
 * ```ts
 * resolveCsvColumns(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'], 'msft.csv', 1);
 * // { format: 'generic', timestamp: 0, open: 1, high: 2, low: 3, close: 4, volume: 6, ... }
 * ```
 */
export function resolveCsvColumns(
  cells: string[],
  file: string,
  line: number,
  /** The delimiter `cells` were split at, to write the header a headerless file needs. */
  delimiter = ',',
): CsvColumns {
  rejectNonText(cells.join(''), file, line);
  const names = cells.map((cell) => unquote(cell.trim()));
  const normalized = names.map((name) =>
    name.replace(/^<|>$/g, '').trim().toLowerCase().replace(/\s+/g, ' '),
  );
  const format = names.some((name) => /^<date>$/i.test(name)) ? 'mt5' : 'generic';
  rejectDuplicateColumns(names, normalized, file, line);
  const find = (aliases: readonly string[]) => {
    for (const alias of aliases) {
      const index = normalized.indexOf(alias);
      if (index !== -1) return index;
    }
    return undefined;
  };
  const dateIndex = find(['date']);
  const timeIndex = find(['time']);
  let timestamp = find(timestampAliases.slice(0, -1));
  let timeOfDay: number | undefined;
  if (timestamp === undefined && dateIndex !== undefined) {
    timestamp = dateIndex;
    timeOfDay = timeIndex;
  } else if (timestamp === undefined) {
    timestamp = timeIndex;
  }
  if (timestamp === undefined) {
    const first = names[0] ?? '';
    if (parseCsvTimestamp(first) !== undefined) {
      throw new CsvFormatError(
        file,
        line,
        `no header row: the first line must name the columns; ${headerToAdd(names, delimiter)}`,
      );
    }
    throw missing(file, line, 'timestamp', names, ' (or date, time, datetime, open time, gmt time, unix)');
  }
  const required = (column: 'open' | 'high' | 'low' | 'close') => {
    const index = normalized.indexOf(column);
    if (index === -1) throw missing(file, line, column, names, '');
    return index;
  };
  const open = required('open');
  const high = required('high');
  const low = required('low');
  const close = required('close');
  const volume = find(format === 'mt5' ? mt5VolumeAliases : genericVolumeAliases);
  const used = [timestamp, timeOfDay ?? 0, open, high, low, close, volume ?? 0];
  return {
    format,
    timestamp,
    timeOfDay,
    open,
    high,
    low,
    close,
    volume,
    names,
    minimumFields: Math.max(...used) + 1,
  };
}

/** Strips one pair of surrounding double quotes (values never contain the delimiter). */
export function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).trim() : text;
}

function missing(file: string, line: number, column: string, names: string[], hint: string): CsvFormatError {
  const shown = names.slice(0, 12).map((name) => (name.length > 40 ? quoteValue(name) : name));
  const more = names.length > shown.length ? `, ... (${names.length} columns)` : '';
  return new CsvFormatError(
    file,
    line,
    `missing column "${column}"${hint}; the header has: ${shown.join(', ')}${more}`,
    column,
  );
}

/** Names that decide a column: two of them would leave which one is meant to a guess. */
const significantNames = new Set([
  ...timestampAliases,
  'date',
  'open',
  'high',
  'low',
  'close',
  ...genericVolumeAliases,
]);

/** A header naming one candle field twice (`close,...,close`) is refused, not resolved to the first. */
function rejectDuplicateColumns(names: string[], normalized: string[], file: string, line: number): void {
  const seen = new Map<string, number>();
  for (const [index, name] of normalized.entries()) {
    if (!significantNames.has(name)) continue;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new CsvFormatError(
        file,
        line,
        `duplicate column "${names[index]}" (columns ${first + 1} and ${index + 1}); name each column once`,
        names[index],
      );
    }
    seen.set(name, index);
  }
}

/**
 * A header that is not UTF-8 text — a compressed file, a workbook, UTF-16 (as Excel saves "Unicode text"),
 * other binary data — said as such, instead of listing its bytes as column names.
 */
function rejectNonText(header: string, file: string, line: number): void {
  let controls = 0;
  let nuls = 0;
  for (let index = 0; index < header.length; index++) {
    const code = header.charCodeAt(index);
    if (code === 0) nuls++;
    // Control characters other than tab. Bytes that are not UTF-8 alone (U+FFFD) are not counted: a
    // Windows-1252 name of a column nobody reads ("Währung") must not stop a file.
    if (code < 32 && code !== 9) controls++;
  }
  if (controls === 0) return;
  const kind = header.startsWith('PK\u0003\u0004')
    ? 'a zip archive (an .xlsx workbook is one: export the sheet as CSV)'
    : header.startsWith('\u001f\ufffd')
      ? 'gzip-compressed (decompress it first)'
      : nuls * 3 >= header.length
        ? 'UTF-16 encoded (as Excel saves "Unicode text"): save it as UTF-8'
        : 'binary, or text in an encoding other than UTF-8';
  throw new CsvFormatError(file, line, `the file is not CSV text: probably ${kind}`);
}

/**
 * What to put above data that came without a header, for the layouts exporters write that way: Binance's
 * kline dumps (12 columns, epoch open and close times), MetaTrader 4's history (date, time, OHLC, volume),
 * and plain timestamp-and-prices rows.
 */
function headerToAdd(fields: readonly string[], delimiter: string): string {
  const numeric = (index: number) => /^[+-]?\d+(?:\.\d+)?$/.test(fields[index] ?? '');
  const add = (names: readonly string[]) => `add this line at the top: ${names.join(delimiter)}`;
  if (fields.length === 12 && [0, 1, 2, 3, 4, 5, 6].every(numeric)) {
    return `it looks like a Binance kline file; ${add(['open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'quote_volume', 'trades', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore'])}`;
  }
  if (
    fields.length >= 6 &&
    /^\d{1,2}:\d{2}(?::\d{2})?$/.test(fields[1] ?? '') &&
    [2, 3, 4, 5].every(numeric)
  ) {
    const names = ['date', 'time', 'open', 'high', 'low', 'close', 'volume', 'spread'];
    return `it looks like a MetaTrader history export; ${add(names.slice(0, fields.length).concat(fields.slice(names.length).map((_, index) => `column${names.length + index + 1}`)))}`;
  }
  const names = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
  if (fields.length >= 5 && fields.length <= 6 && [1, 2, 3, 4].every(numeric))
    return add(names.slice(0, fields.length));
  return `e.g. ${names.join(',')}`;
}
