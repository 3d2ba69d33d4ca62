import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { SystemConfig } from '../../config/systemConfig.js';
import { NatsConnectionError } from './natsConnectionError.js';
import { natsConnectionOptions } from './natsConnectionOptions.js';
import { NatsCredentialsError } from './natsCredentialsError.js';

const AUTHENTICATION_FAILED =
  /authori[sz]ation violation|authentication|user authentication|bad credentials/i;
const PERMISSION_DENIED = /permissions? violation/i;

/**
 * Opens a NATS connection with the configured servers, credentials and TLS (see `natsConnectionOptions`).
 *
 * @throws NatsCredentialsError when the server refuses the credentials; NatsConnectionError when no server
 * answers. Both name the servers with credentials redacted.
 * @example
 * ```ts
 * const connection = await connectNats(config.event_bus.nats, { name: 'tradestate-nats-status' });
 * ```
 */
export async function connectNats(
  settings: SystemConfig['event_bus']['nats'],
  options: { name: string; timeoutMs?: number; reconnect?: boolean },
): Promise<NatsConnection> {
  const connectionOptions = natsConnectionOptions(settings);
  try {
    return await connect({
      ...connectionOptions,
      name: options.name,
      timeout: options.timeoutMs ?? 5_000,
      maxReconnectAttempts: options.reconnect === false ? 0 : -1,
      // Otherwise every request (each JetStream publish waits for one) builds an Error up front for the stack
      // of a later failure: most of a publish's CPU under a source-mapped runtime. Failures still say why.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw describeNatsError(settings.servers, error, 'connect');
  }
}

/**
 * The user-facing error for a failure talking to NATS: refused credentials and denied permissions become a
 * `NatsCredentialsError` naming what to check; anything else a `NatsConnectionError`.
 *
 * @example
 * ```ts
 * try { await jetstreamManager(connection); } catch (error) { throw describeNatsError(servers, error, 'use JetStream'); }
 * ```
 */
export function describeNatsError(
  servers: readonly string[],
  error: unknown,
  doing: string,
): NatsConnectionError {
  if (error instanceof NatsConnectionError) return error;
  const message = messageOf(error);
  if (AUTHENTICATION_FAILED.test(message)) {
    return new NatsCredentialsError(servers, `the server refused the credentials (${message})`, {
      cause: error,
      fix:
        'Check event_bus.nats.user with EVENT_BUS_NATS_PASSWORD, EVENT_BUS_NATS_TOKEN, EVENT_BUS_NATS_NKEY_SEED ' +
        'or event_bus.nats.creds_file against the server configuration (config/nats/permissions.conf).',
    });
  }
  if (PERMISSION_DENIED.test(message)) {
    return new NatsCredentialsError(
      servers,
      `the server denied a permission while trying to ${doing} (${message})`,
      {
        cause: error,
        fix:
          'Connect as the user of the role this process runs (config/nats/permissions.conf), and keep ' +
          'event_bus.nats.stream, subject_prefix and inbox_prefix as that file expects.',
      },
    );
  }
  return new NatsConnectionError(servers, doing === 'connect' ? message : `cannot ${doing} (${message})`, {
    cause: error,
  });
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
