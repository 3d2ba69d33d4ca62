import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { redactUrlCredentials } from '../../config/redactConfig.js';

/**
 * Warns at every disconnect and reconnect until the connection closes: the client reconnects on its own,
 * so without this an operator would not learn that the bus was cut off. Server URLs are logged redacted.
 */
export async function logConnectionStatus(connection: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === 'disconnect' || status.type === 'reconnect') {
      logger.warn(
        { status: status.type, server: redactUrlCredentials(String(status.server ?? '')) },
        'NATS connection status',
      );
    }
  }
}
