import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';
import { type Clock, SimulatedClock } from '../util/clock.js';
import { CorrelationContext } from './correlationContext.js';
import { SeedLogStream } from './seedLogStream.js';
import { toPinoLevel } from './toPinoLevel.js';

/**
 * Where and how `createLogger` writes.
 *
 * @example
 * ```ts
 * const logger = createLogger(config.logging, { clock: new SimulatedClock(0), name: 'my-app' });
 * ```
 */
export interface CreateLoggerOptions {
  /** Receives the formatted lines; default `config.file` when set, else stderr (stdout is for output). */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Source of timestamps; a `SimulatedClock` makes a backtest's logs show simulated time. */
  clock?: Clock;
  /** The `logger` field of lines from the root logger (children override it). Default `tradestate`. */
  name?: string;
  /**
   * Collect about 16 KB of lines before handing them to the destination (one write instead of one per
   * line). Default: for stderr (no `destination`, no `config.file`) when `clock` is simulated (a backtest or replay, where nobody watches
   * lines arrive live); everything left is written when the process exits.
   */
  buffered?: boolean;
}

/**
 * The root pino logger, configured by `config.logging`: level (the specification's names such as `WARNING` and
 * `CRITICAL` accepted), `text` or `json` format as in the specification, correlation ids taken from
 * `CorrelationContext` on every line (so they survive `await`s), secrets censored to `[REDACTED]`, and
 * timestamps from the injected clock.
 *
 * Cost: lines are rendered in-process from the values pino hands its stream (no JSON parsed back), secrets
 * are looked up by key (no wildcard paths), and the default destinations (stderr, `config.file`) are
 * written so that the process's exit, including `process.exit` and fatal errors, loses no line: a file and
 * batched stderr synchronously, line-by-line stderr through pino's asynchronous destination, flushed at exit.
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const root = createLogger(config.logging, { clock });
 * await CorrelationContext.run(async () => {
 *   root.info({ symbol: 'EURUSD' }, 'Fetched data'); // carries the scope's correlation id
 * });
 * const service = serviceLogger(root, 'DataFetchingService', config.logging);
 * ```
 */
export function createLogger(config: SystemConfig['logging'], options: CreateLoggerOptions = {}): Logger {
  const clock = options.clock;
  const buffered =
    options.buffered ??
    (options.destination === undefined && config.file === undefined && clock instanceof SimulatedClock);
  const sink = options.destination ?? defaultDestination(config.file, buffered);
  // Lines of one cycle share the simulated time: format it once.
  let stampedAt = Number.NaN;
  let stamp = '';
  const timestamp = () => {
    const now = clock === undefined ? Date.now() : clock.now();
    if (now !== stampedAt) {
      stampedAt = now;
      stamp = isoWithOffset(now);
    }
    return stamp;
  };
  const stream = new SeedLogStream(
    config.format,
    sink,
    config.include_correlation_ids,
    timestamp,
    buffered ? 16_384 : 0,
  );
  return pino(
    {
      level: toPinoLevel(config.level),
      base: { logger: options.name ?? 'tradestate' },
      messageKey: 'message',
      // The stream stamps and renders each line itself; pino's own JSON is only its fallback.
      timestamp: false,
      ...(config.include_correlation_ids ? { mixin: correlationFields } : {}),
      hooks: {
        // Enabled calls only (pino skips this for levels that are off): rendered straight from the arguments.
        logMethod(args, method, level) {
          if (!stream.writeCall(this, args, level)) method.apply(this, args);
        },
      },
    },
    stream,
  );
}

/** The mixin: adds the current scope's id; a `correlation_id` passed to the log call wins. */
function correlationFields(): { correlation_id?: string } {
  const id = CorrelationContext.current();
  return id === undefined ? {} : { correlation_id: id };
}

function defaultDestination(file: string | undefined, buffered: boolean): DestinationStream {
  // stderr, line by line (a live run): asynchronous (sonic-boom), flushed synchronously by pino when the
  // process exits. stderr in batches (a replay): synchronous, one write per ~16 KB batch, so no batch
  // is ever in flight on libuv's thread pool when `process.exit` runs: the tail written at exit would
  // otherwise land before it (or alone, if the process ended before the pool wrote it).
  // A log file is written synchronously: whoever reads it after a run (or a crash) finds every line,
  // and a line costs one write to a file, which is cheap.
  if (file === undefined) return pino.destination({ fd: 2, sync: buffered });
  mkdirSync(dirname(file), { recursive: true });
  return pino.destination({ fd: openSync(file, 'a'), sync: true });
}

/** `2025-01-06T10:00:00.123+00:00`: ISO-8601 in UTC with an explicit offset, as the specification prints. */
function isoWithOffset(epochMilliseconds: number): string {
  return `${new Date(epochMilliseconds).toISOString().slice(0, 23)}+00:00`;
}
