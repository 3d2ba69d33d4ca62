import { redactUrlCredentials } from '../../config/redactConfig.js';
import { UserError } from '../../errors/userError.js';

/** What to do when nothing more specific is known: the server is down or runs without JetStream. */
const DEFAULT_FIX = 'Start nats-server with JetStream (nats-server -js) or set event_bus.transport: memory.';

/**
 * The NATS server could not be reached, refused the credentials, or runs without JetStream. The message
 * names the servers (credentials in their URLs redacted) and how to fix it, because this is usually a
 * deployment mistake, not a bug: the CLI prints it and exits 2.
 *
 * @example
 * ```ts
 * try { await NatsEventBus.connect(config.event_bus, options); }
 * catch (error) { if (error instanceof NatsConnectionError) console.error(error.message); }
 * ```
 */
export class NatsConnectionError extends UserError {
  override readonly name: string = 'NatsConnectionError';
  /** The servers, with any credentials in their URLs redacted. */
  readonly servers: readonly string[];

  constructor(servers: readonly string[], reason: string, options: ErrorOptions & { fix?: string } = {}) {
    const shown = servers.map(redactUrlCredentials);
    super(
      `Cannot use NATS JetStream at ${shown.join(', ')}: ${redactUrlCredentials(reason)}. ${options.fix ?? DEFAULT_FIX}`,
      options,
    );
    this.servers = shown;
  }
}
