/** Anything with a synchronous-looking `write` (a `Writable`, a pino destination, a test sink). */
export interface LogSink {
  write(chunk: string): unknown;
}

/** Fields the seed prints in fixed positions; the others follow as structured fields. */
const fixedFields = new Set(['timestamp', 'level', 'logger', 'message', 'correlation_id', 'service']);

/**
 * The last stage of the logger: receives pino's JSON lines in-process and writes them in the specification's
 * formats, so no worker thread or pino-pretty is needed.
 *
 * - `text`: `[2025-01-06 10:00:00.123] [a1b2c3d4] [DataFetchingService] INFO services.DataFetchingService:
 *   Fetched data for EURUSD 1 symbol=EURUSD`: UTC time, correlation id (`-` outside a scope; the
 *   column is left out when correlation ids are off), service (`-` for the root logger), level,
 *   logger, message, then `key=value` fields and an error's stack on the following lines.
 * - `json`: one object per line, keys in the specification's order: `timestamp`, `level`, `logger`, `message`,
 *   `correlation_id`, `service`, then the structured fields.
 *
 * @example
 * ```ts
 * const logger = pino({ ...seedPinoOptions }, new SeedLogStream('text', process.stderr, true));
 * ```
 */
export class SeedLogStream {
  constructor(
    readonly format: 'text' | 'json',
    readonly sink: LogSink,
    readonly includeCorrelationIds: boolean,
  ) {}

  write(line: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.sink.write(line); // not ours: pass through untouched rather than lose it
      return;
    }
    this.sink.write(this.format === 'json' ? this.toJson(record) : this.toText(record));
  }

  private toJson(record: Record<string, unknown>): string {
    const ordered: Record<string, unknown> = {
      timestamp: record.timestamp,
      level: record.level,
      logger: record.logger,
      message: record.message ?? '',
    };
    if (this.includeCorrelationIds && record.correlation_id !== undefined) {
      ordered.correlation_id = record.correlation_id;
    }
    if (record.service !== undefined) ordered.service = record.service;
    for (const key in record) if (!fixedFields.has(key)) ordered[key] = record[key];
    return `${JSON.stringify(ordered)}\n`;
  }

  private toText(record: Record<string, unknown>): string {
    const iso = String(record.timestamp ?? '');
    // ISO `2025-01-06T10:00:00.123+00:00` → `2025-01-06 10:00:00.123`.
    let text = `[${iso.slice(0, 10)} ${iso.slice(11, 23)}]`;
    if (this.includeCorrelationIds) text += ` [${String(record.correlation_id ?? '-')}]`;
    text += ` [${String(record.service ?? '-')}] ${String(record.level)} ${String(record.logger)}: ${String(record.message ?? '')}`;
    let stack = '';
    for (const key in record) {
      if (fixedFields.has(key)) continue;
      const value = record[key];
      if (key === 'err' && isErrorRecord(value)) {
        text += ` err=${formatValue(value.message)}`;
        stack = value.stack ?? '';
        continue;
      }
      text += ` ${key}=${formatValue(value)}`;
    }
    if (stack !== '') text += `\n    ${stack.split('\n').join('\n    ')}`;
    return `${text}\n`;
  }
}

function isErrorRecord(value: unknown): value is { message?: unknown; stack?: string } {
  return typeof value === 'object' && value !== null && 'message' in value;
}

/** Bare when unambiguous, JSON otherwise (strings with spaces, quotes or `=`, objects). */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
