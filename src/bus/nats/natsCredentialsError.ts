import { NatsConnectionError } from './natsConnectionError.js';

/**
 * NATS authentication is configured wrongly (two methods at once, a password without a user, a credentials
 * file that cannot be read) or the server refused the credentials. The message names the setting to fix
 * and never the secret itself.
 *
 * @example
 * ```ts
 * try { await NatsEventBus.connect(config.event_bus, options); }
 * catch (error) { if (error instanceof NatsCredentialsError) console.error(error.message); } // exit 2 in the CLI
 * ```
 */
export class NatsCredentialsError extends NatsConnectionError {
  override readonly name = 'NatsCredentialsError';
}
