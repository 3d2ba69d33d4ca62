import pino, { type DestinationStream, type Logger } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';
import type { Clock } from '../util/clock.js';
import { CorrelationContext } from './correlationContext.js';
import { redactedText, secretLogKeys } from './redactSecrets.js';
import { SeedLogStream } from './seedLogStream.js';
import { seedLevelNames, toPinoLevel } from './toPinoLevel.js';

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
}

/** Redaction paths: each secret key at the top level and up to three objects deep. */
const redactPaths = secretLogKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/**
 * The root pino logger, configured by `config.logging`: level (the specification's names such as `WARNING` and
 * `CRITICAL` accepted), `text` or `json` format as in the specification, correlation ids taken from
 * `CorrelationContext` on every line (so they survive `await`s), secrets censored to `[REDACTED]`, and
 * timestamps from the injected clock. Formatting happens synchronously in-process.
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
  const sink = options.destination ?? defaultDestination(config.file);
  return pino(
    {
      level: toPinoLevel(config.level),
      base: { logger: options.name ?? 'tradestate' },
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${isoWithOffset(clock === undefined ? Date.now() : clock.now())}"`,
      formatters: {
        level: (label) => ({ level: seedLevelNames[label] ?? label.toUpperCase() }),
      },
      ...(config.include_correlation_ids ? { mixin: correlationFields } : {}),
      redact: { paths: redactPaths, censor: redactedText },
    },
    new SeedLogStream(config.format, sink, config.include_correlation_ids),
  );
}

/** The mixin: adds the current scope's id; a `correlation_id` passed to the log call wins. */
function correlationFields(): { correlation_id?: string } {
  const id = CorrelationContext.current();
  return id === undefined ? {} : { correlation_id: id };
}

function defaultDestination(file: string | undefined): DestinationStream {
  // Synchronous writes: a crash or `process.exit` must not lose the lines that explain it.
  return file === undefined
    ? pino.destination({ fd: 2, sync: true })
    : pino.destination({ dest: file, mkdir: true, sync: true });
}

/** `2025-01-06T10:00:00.123+00:00`: ISO-8601 in UTC with an explicit offset, as the specification prints. */
function isoWithOffset(epochMilliseconds: number): string {
  return `${new Date(epochMilliseconds).toISOString().slice(0, 23)}+00:00`;
}
