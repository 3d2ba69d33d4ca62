import type { SignalSource } from './installSignalHandlers.js';

/**
 * Resolves on the first SIGINT or SIGTERM (Ctrl-C): what keeps `run --inspect` serving the live inspector
 * after the run has finished, so that its last states stay on screen until the user is done.
 *
 * @example
 * ```ts
 * process.stderr.write(`Run finished; the inspector stays at ${inspection.url} until Ctrl-C\n`);
 * await untilInterrupted();
 * await inspection.stop();
 * ```
 */
export function untilInterrupted(source: SignalSource = process): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    const done = (signal: 'SIGINT' | 'SIGTERM') => () => {
      source.off('SIGINT', onInt);
      source.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = done('SIGINT');
    const onTerm = done('SIGTERM');
    source.on('SIGINT', onInt);
    source.on('SIGTERM', onTerm);
  });
}
