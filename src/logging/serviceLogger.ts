import type { Logger } from 'pino';
import type { SystemConfig } from '../config/systemConfig.js';
import { type LogLevelName, toPinoLevel } from './toPinoLevel.js';

/**
 * A service's child logger: lines carry `service: <display name>` and `logger: services.<display name>`,
 * at the level `config.service_levels` gives the service (keyed by display name, `DataFetchingService`,
 * or config name, `data_fetching`), else the root's level. A service may be more verbose than the root.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * // logging: { level: INFO, service_levels: { data_fetching: DEBUG } }
 * const root = pino();
 * const logger = serviceLogger(root, 'DataFetchingService', config.logging);
 * logger.debug({ symbol: 'EURUSD' }, 'Fetched data'); // printed
 * ```
 */
export function serviceLogger(
  root: Logger,
  serviceDisplayName: string,
  config: SystemConfig['logging'],
): Logger {
  const level = serviceLevel(serviceDisplayName, config.service_levels);
  const bindings = { service: serviceDisplayName, logger: `services.${serviceDisplayName}` };
  return level === undefined ? root.child(bindings) : root.child(bindings, { level: toPinoLevel(level) });
}

function serviceLevel(displayName: string, levels: Record<string, LogLevelName>): LogLevelName | undefined {
  // `DataFetchingService` → `data_fetching_service` → `data_fetching`
  const snake = displayName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const configName = snake.replace(/_service$/, '');
  return levels[displayName] ?? levels[configName] ?? levels[snake];
}
