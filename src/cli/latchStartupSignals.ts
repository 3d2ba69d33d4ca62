import { exitCodes } from '../errors/exitCodes.js';
import type { SignalSource } from '../ops/installSignalHandlers.js';

/** SIGINT or SIGTERM, the signals a command stops on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * The exit code of a command stopped by `signal`: 130 for SIGINT, 143 for SIGTERM (128 + the signal
 * number, as shells report a process ended by it).
 *
 * @example
 * ```ts
 * stopSignalExitCode('SIGTERM'); // 143
 * ```
 */
export function stopSignalExitCode(signal: StopSignal): number {
  return signal === 'SIGINT' ? exitCodes.interrupted : exitCodes.terminated;
}

/**
 * The signals received while a command starts, held until it can act on them (see {@link latchStartupSignals}).
 *
 * @example
 * ```ts
 * const startup = latchStartupSignals({ exit: (code) => process.exit(code) });
 * if (startup.received) return startup.exitCode();
 * ```
 */
export interface StartupSignals {
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report it). */
  exitCode(): number;
  /** Removes the handlers (the command installs its graceful ones in the same tick). */
  release(): void;
}

/**
 * Holds SIGINT/SIGTERM during a command's start-up (checking its input, loading data, opening and
 * recovering the store), which Node would otherwise end at once by the signal: the command finishes the
 * step it is in (nothing half-written), then checks {@link StartupSignals.received}, stops, prints its
 * summary and exits 130/143. A second signal forces that exit at once.
 *
 * @example
 * ```ts
 * const startup = latchStartupSignals({ exit: (code) => process.exit(code), onSignal: (signal) => log(signal) });
 * try {
 *   const system = await createTradingSystem(config, { store: true });
 *   if (startup.received) await system.stop();
 * } finally {
 *   startup.release();
 * }
 * ```
 */
export function latchStartupSignals(options: {
  exit: (code: number) => void;
  onSignal?: (signal: StopSignal) => void;
  source?: SignalSource;
}): StartupSignals {
  const source = options.source ?? process;
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => () => {
    if (received !== undefined) {
      options.exit(stopSignalExitCode(received));
      return;
    }
    received = signal;
    options.onSignal?.(signal);
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  return {
    get received() {
      return received;
    },
    exitCode: () => (received === undefined ? exitCodes.success : stopSignalExitCode(received)),
    release: () => {
      source.off('SIGINT', onInt);
      source.off('SIGTERM', onTerm);
    },
  };
}
