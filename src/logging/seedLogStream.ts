import pino, { type Logger } from 'pino';
import { CorrelationContext } from './correlationContext.js';
import { redactLogRecord } from './redactLogRecord.js';
import { seedLevelNames } from './toPinoLevel.js';

/** Anything with a synchronous-looking `write` (a `Writable`, a pino destination, a test sink). */
export interface LogSink {
  write(chunk: string): unknown;
}

/** Fields the specification's log format prints in fixed positions; the others follow as structured fields. */
const fixedFields = new Set(['timestamp', 'level', 'logger', 'message', 'correlation_id', 'service']);

const { chindingsSym } = pino.symbols;
/** pino fills a stream's `last*` fields before each write when the stream carries this flag. */
const needsMetadata: unique symbol = Symbol.for('pino.metadata') as never;
const serializeError = pino.stdSerializers.err;

/** What pino tells a stream that asks for metadata (`Symbol.for('pino.metadata')`) before each write. */
interface PinoMetadata {
  lastLevel?: number;
  lastObj?: Record<string, unknown>;
  lastMsg?: unknown;
  lastLogger?: Logger;
}

/**
 * The last stage of the logger: renders each line in the specification's formats from the values pino hands it
 * (pino's stream metadata: the merged object, message, level and logger), so no JSON is parsed back, and
 * no worker thread or pino-pretty is needed. Secrets are censored here (see `redactLogRecord`).
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
export class SeedLogStream implements PinoMetadata {
  readonly [needsMetadata] = true;
  lastLevel?: number;
  lastObj?: Record<string, unknown>;
  lastMsg?: unknown;
  lastLogger?: Logger;
  /** Each logger's bindings, parsed and redacted once (pino keeps them as a JSON fragment). */
  private readonly bindingsOf = new WeakMap<Logger, { source: string; bindings: Record<string, unknown> }>();

  constructor(
    readonly format: 'text' | 'json',
    readonly sink: LogSink,
    readonly includeCorrelationIds: boolean,
    /** The line's `timestamp` (called once per line, as it is written). */
    private readonly timestamp: () => string = () => `${new Date().toISOString().slice(0, 23)}+00:00`,
    /**
     * Collect lines until they reach this many characters, then hand them to the sink in one write; 0
     * (default) writes each line at once. What is collected is written when the process exits.
     */
    private readonly batchCharacters = 0,
  ) {}

  private pending = '';

  /** Hands the collected lines to the sink. */
  flush(): void {
    if (this.pending === '') return;
    const lines = this.pending;
    this.pending = '';
    streamsHoldingLines.delete(this);
    this.sink.write(lines);
  }

  private output(rendered: string): void {
    if (this.batchCharacters === 0) {
      this.sink.write(rendered);
      return;
    }
    if (this.pending === '') streamsHoldingLines.add(this);
    this.pending += rendered;
    if (this.pending.length >= this.batchCharacters) this.flush();
  }

  /** Called by pino with its JSON line; the line itself is only read when rendering the values fails. */
  write(line: string): void {
    let rendered: string | undefined;
    let timestamp: unknown;
    try {
      const record = this.recordFromMetadata();
      timestamp = record?.timestamp;
      if (record !== undefined) rendered = this.render(record);
    } catch {
      // A value JSON cannot represent (a cycle, a bigint): fall back to pino's own safe serialization.
    }
    if (rendered === undefined) {
      let record: Record<string, unknown>;
      try {
        record = redactLogRecord(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.output(line); // not ours: pass through untouched rather than lose it
        return;
      }
      record.timestamp ??= timestamp ?? this.timestamp();
      if (typeof record.level === 'number') record.level = this.levelName(record.level);
      rendered = this.render(record);
    }
    this.output(rendered);
  }

  /**
   * The fast path, called by createLogger's `logMethod` hook with a log call's arguments: renders and
   * writes the line without pino building its JSON. Returns false (pino then logs it the usual way, and
   * {@link write} renders it) for what only pino handles: format parameters (`'%s'`), HTTP objects, and
   * values JSON cannot hold.
   */
  writeCall(logger: Logger, args: readonly unknown[], level: number): boolean {
    const first = args[0];
    let fields: Record<string, unknown> | undefined;
    let message: unknown;
    if (typeof first === 'object' && first !== null) {
      if (args.length > 2) return false;
      message = args[1];
      if (first instanceof Error) {
        fields = { err: first };
        message ??= first.message;
      } else {
        fields = first as Record<string, unknown>;
        if (('method' in fields && 'headers' in fields) || typeof fields.setHeader === 'function')
          return false;
        if (message === undefined && fields.message === undefined && fields.err)
          message = (fields.err as { message?: unknown }).message;
      }
    } else {
      if (args.length !== 1) return false;
      message = first;
    }
    if (message !== undefined && message !== null && typeof message !== 'string') return false;
    let rendered: string;
    try {
      const correlationId = this.includeCorrelationIds ? CorrelationContext.current() : undefined;
      rendered = this.render(this.record(logger, level, fields, message, correlationId));
    } catch {
      return false;
    }
    this.output(rendered);
    return true;
  }

  private recordFromMetadata(): Record<string, unknown> | undefined {
    const logger = this.lastLogger;
    const level = this.lastLevel;
    if (logger === undefined || level === undefined) return undefined;
    const record = this.record(logger, level, this.lastObj, this.lastMsg, undefined);
    this.lastLogger = undefined;
    this.lastObj = undefined;
    return record;
  }

  private record(
    logger: Logger,
    level: number,
    fields: Record<string, unknown> | undefined,
    message: unknown,
    correlationId: string | undefined,
  ): Record<string, unknown> {
    const record: Record<string, unknown> = {
      timestamp: this.timestamp(),
      level: this.levelName(level, logger),
      ...this.bindings(logger),
    };
    if (correlationId !== undefined) record.correlation_id = correlationId;
    if (fields !== undefined) {
      const redacted = redactLogRecord(fields);
      for (const key in redacted) {
        const value = redacted[key];
        // What a JSON round trip would keep: no undefined or functions; an error under `err` as pino's serializer gives it.
        if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
        record[key] = key === 'err' && value instanceof Error ? serializeError(value) : value;
      }
    }
    if (message !== undefined && message !== null) record.message = message;
    return record;
  }

  private bindings(logger: Logger): Record<string, unknown> {
    const source = (logger as unknown as Record<symbol, string>)[chindingsSym] ?? '';
    const cached = this.bindingsOf.get(logger);
    if (cached !== undefined && cached.source === source) return cached.bindings;
    const bindings = redactLogRecord(source === '' ? {} : (JSON.parse(`{${source.slice(1)}}`) as object));
    this.bindingsOf.set(logger, { source, bindings: bindings as Record<string, unknown> });
    return bindings as Record<string, unknown>;
  }

  private levelName(level: number, logger?: Logger): string {
    const label = logger?.levels.labels[level] ?? pino.levels.labels[level] ?? String(level);
    return seedLevelNames[label] ?? label.toUpperCase();
  }

  private render(record: Record<string, unknown>): string {
    return this.format === 'json' ? this.toJson(record) : this.toText(record);
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

/** Bare when unambiguous, JSON otherwise (strings with spaces, quotes or `=`, objects), as after a JSON round trip. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'object' && value !== null) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    // A Date (or anything with toJSON) prints as its JSON value would after a round trip.
    if (typeof json === 'function') return formatValue(json.call(value));
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError('not representable');
    return text;
  }
  if (typeof value === 'bigint') throw new TypeError('not representable'); // pino's fallback handles it
  return String(value);
}

/**
 * Streams holding collected lines not yet handed to their sink, held strongly: when a run ends, its
 * logger is often unreachable before the process exits, and a weakly held stream could be collected
 * with its last lines (a backtest's stderr then lost its final ~13 lines whenever a GC ran at the end).
 * A stream leaves the set as soon as it has written its lines, so finished loggers are still freed.
 */
const streamsHoldingLines = new Set<SeedLogStream>();
function flushAtExit(synchronous: boolean): void {
  for (const stream of [...streamsHoldingLines]) {
    try {
      stream.flush();
      // At 'exit' nothing asynchronous runs any more: make the destination write now.
      if (synchronous) (stream.sink as { flushSync?: () => void }).flushSync?.();
    } catch {
      // A destination that cannot flush now (already closed): nothing more can be done at exit.
    }
  }
}
// A module body runs once per process: the hooks are added once.
process.on('beforeExit', () => flushAtExit(false));
process.on('exit', () => flushAtExit(true));
