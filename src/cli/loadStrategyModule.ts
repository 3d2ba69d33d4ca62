import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StrategyDefinition } from '../strategies/defineStrategy.js';
import { UsageError } from './usageError.js';

const isDefinition = (value: unknown): value is StrategyDefinition<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { type?: unknown }).type === 'string' &&
  typeof (value as { create?: unknown }).create === 'function' &&
  typeof (value as { parameters?: unknown }).parameters === 'object';

/**
 * Loads the strategy definitions a user's module exports (named exports, a default export, or arrays of
 * them, made with `defineStrategy`), for `--strategies FILE`.
 *
 * @example
 * ```ts
 * const strategies = await loadStrategyModule('./myStrategies.js', process.cwd());
 * ```
 */
export async function loadStrategyModule(file: string, cwd: string): Promise<StrategyDefinition<unknown>[]> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(resolve(cwd, file)).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--strategies ${file}: cannot load the module: ${reason}`);
  }
  const definitions = Object.values(exports)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter(isDefinition);
  if (definitions.length === 0) {
    throw new UsageError(
      `--strategies ${file}: the module exports no strategy definition (export the result of defineStrategy(...))`,
    );
  }
  return [...new Set(definitions)];
}
