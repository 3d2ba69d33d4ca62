import type { SystemConfig } from '../config/systemConfig.js';

/**
 * Whether this process runs the service `name`: the one answer to "which services does this process run"
 * (the orchestrator, the cross-process transport and the start-up checks ask it). A service runs unless
 * `services.<name>.enabled` is false, and, when `orchestrator.services` lists some, only if listed.
 *
 * @example
 * ```ts
 * runsService(config, 'strategy_evaluation'); // false with `--services data_fetching`
 * ```
 */
export function runsService(config: SystemConfig, name: string): boolean {
  const settings = (config.services as Record<string, { enabled?: boolean } | undefined>)[name];
  if (settings?.enabled === false) return false;
  const wanted = config.orchestrator.services as readonly string[] | undefined;
  return wanted === undefined || wanted.includes(name);
}
