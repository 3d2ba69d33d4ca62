import type { Logger } from 'pino';

/**
 * The part of `process` that signal handling uses (a fake emitter in tests).
 *
 * @example
 * ```ts
 * import { EventEmitter } from 'node:events';
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const fake = new EventEmitter() as unknown as SignalSource;
 * const stop = async () => {};
 * installSignalHandlers(stop, { logger, exit: () => {}, source: fake });
 * ```
 */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * Options of {@link installSignalHandlers}.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const uninstall = installSignalHandlers(() => system.stop(), { logger, exit: (code) => process.exit(code) });
 * ```
 */
export interface SignalHandlerOptions {
  logger: Logger;
  /** Called with 130 on a second signal (forced exit) or 1 if the graceful stop fails. */
  exit: (code: number) => void;
  /** Default: `process`. */
  source?: SignalSource;
}

/**
 * SIGINT/SIGTERM: the first signal runs `stop()` (graceful: services stop in reverse order, bus drained);
 * a second signal while stopping forces `exit(130)`. `stop` is told which signal came. Returns a function
 * that removes the handlers.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * declare const orchestrator: TradingOrchestrator;
 * const logger = pino({ level: 'silent' });
 * const uninstall = installSignalHandlers(() => orchestrator.stop(), { logger, exit: (code) => process.exit(code) });
 * await orchestrator.run(5);
 * uninstall();
 * ```
 */
export function installSignalHandlers(
  stop: (signal: 'SIGINT' | 'SIGTERM') => Promise<void>,
  options: SignalHandlerOptions,
): () => void {
  const source = options.source ?? process;
  let stopping = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => {
    if (stopping) {
      options.logger.warn({ signal }, `${signal} again: forcing exit`);
      options.exit(130);
      return;
    }
    stopping = true;
    options.logger.info({ signal }, `${signal} received: stopping gracefully (send again to force)`);
    stop(signal).then(
      () => options.logger.info('Stopped'),
      (error: unknown) => {
        options.logger.error({ err: error }, 'Graceful stop failed');
        options.exit(1);
      },
    );
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  return () => {
    source.off('SIGINT', onInt);
    source.off('SIGTERM', onTerm);
  };
}
