import { UserError } from '../../errors/userError.js';

/**
 * The NATS server could not be reached, or it runs without JetStream. The message names the servers and
 * how to fix it, because this is usually a deployment mistake, not a bug.
 *
 * @example
 * ```ts
 * try { await NatsEventBus.connect(config.event_bus, options); }
 * catch (error) { if (error instanceof NatsConnectionError) console.error(error.message); }
 * ```
 */
export class NatsConnectionError extends UserError {
  override readonly name = 'NatsConnectionError';

  constructor(
    readonly servers: readonly string[],
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Cannot use NATS JetStream at ${servers.join(', ')}: ${reason}. Start nats-server with JetStream ` +
        '(nats-server -js) or set event_bus.transport: memory.',
      options,
    );
  }
}
