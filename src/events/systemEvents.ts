import { z } from 'zod';
import { envelope } from './eventEnvelope.js';

/**
 * System event: a service's lifecycle machine changed state.
 *
 * @example
 * ```ts
 * const message = '{"type":"ServiceStateChangedEvent"}'; // e.g. a line read from a socket
 * const result = ServiceStateChangedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const ServiceStateChangedEventSchema = z.object({
  type: z.literal('ServiceStateChangedEvent'),
  ...envelope,
  service: z.string().min(1).max(64),
  from: z.string().max(64),
  to: z.string().max(64),
  reason: z.string().max(4096),
});

/**
 * System event: a service failed (initialization, worker or timeout).
 *
 * @example
 * ```ts
 * const message = '{"type":"ServiceFailedEvent"}'; // e.g. a line read from a socket
 * const result = ServiceFailedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const ServiceFailedEventSchema = z.object({
  type: z.literal('ServiceFailedEvent'),
  ...envelope,
  service: z.string().min(1).max(64),
  error: z.string().max(4096),
});

/**
 * System event: the supervisor restarted a service.
 *
 * @example
 * ```ts
 * const message = '{"type":"ServiceRestartedEvent"}'; // e.g. a line read from a socket
 * const result = ServiceRestartedEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.type);
 * ```
 */
export const ServiceRestartedEventSchema = z.object({
  type: z.literal('ServiceRestartedEvent'),
  ...envelope,
  service: z.string().min(1).max(64),
  /** Restarts of this service so far, this one included. */
  restart_count: z.number().int().positive(),
});

/**
 * System event: the data producer's run ended (data exhausted, `max_candles` or `max_duration_seconds`)
 * after everything it published was processed downstream. Processes without `data_fetching` stop on it.
 *
 * @example
 * ```ts
 * const message = '{"type":"EndOfDataEvent"}'; // e.g. a line read from a socket
 * const result = EndOfDataEventSchema.safeParse(JSON.parse(message));
 * result.success; // false: the envelope and payload fields are missing
 * if (result.success) console.log(result.data.reason, result.data.candles);
 * ```
 */
export const EndOfDataEventSchema = z.object({
  type: z.literal('EndOfDataEvent'),
  ...envelope,
  reason: z.enum(['exhausted', 'max_candles', 'max_duration']),
  /** Base candles the producer published. */
  candles: z.number().int().nonnegative(),
});

/**
 * A service actor changed lifecycle state (INITIALIZING, RUNNING, STOPPING, STOPPED, FAILED).
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceStateChangedEvent', (event) => console.log(event));
 * ```
 */
export type ServiceStateChangedEvent = z.infer<typeof ServiceStateChangedEventSchema>;
/**
 * A service actor failed; the orchestrator decides whether to restart it.
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceFailedEvent', (event) => console.error(event));
 * ```
 */
export type ServiceFailedEvent = z.infer<typeof ServiceFailedEventSchema>;
/**
 * The orchestrator restarted a failed service.
 *
 * @example
 * ```ts
 * system.bus.subscribe('ServiceRestartedEvent', (event) => console.log(event));
 * ```
 */
export type ServiceRestartedEvent = z.infer<typeof ServiceRestartedEventSchema>;
/**
 * The data producer finished the run (see {@link EndOfDataEventSchema}).
 *
 * @example
 * ```ts
 * system.bus.subscribe('EndOfDataEvent', (event) => console.log(`producer done: ${event.reason} after ${event.candles} candles`));
 * ```
 */
export type EndOfDataEvent = z.infer<typeof EndOfDataEventSchema>;
