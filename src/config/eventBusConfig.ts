import { z } from 'zod';
import { seconds } from './seconds.js';

/** The `event_bus` section: in-process or NATS JetStream transport, and how each delivers. */
export const EventBusConfigSchema = z
  .strictObject({
    mode: z
      .enum(['sync', 'async'])
      .default('sync')
      .describe('sync: delivered before publish returns; async: queued'),
    history_size: z.number().int().min(0).default(1000).describe('Recent events kept for queries'),
    max_queue_size: z.number().int().min(1).default(100_000).describe('Bound of the async queue'),
    overflow_policy: z
      .enum(['drop_oldest', 'drop_newest', 'error'])
      .default('drop_oldest')
      .describe('What a full async queue does; drops are counted'),
    transport: z
      .enum(['memory', 'nats'])
      .default('memory')
      .describe('memory: in-process; nats: NATS JetStream'),
    nats: z
      .strictObject({
        servers: z.array(z.string().min(1)).default(['nats://127.0.0.1:4222']).describe('NATS server URLs'),
        stream: z.string().min(1).default('TRADESTATE').describe('JetStream stream name'),
        subject_prefix: z
          .string()
          .min(1)
          .default('tradestate')
          .describe('Subjects are <prefix>.<EventType>.<symbol>'),
        max_deliver: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe('Deliveries of one message before a failing handler sends it to the dead-letter subject'),
        nak_delay_ms: z
          .number()
          .int()
          .min(0)
          .default(1_000)
          .describe('Delay before a failed message is redelivered'),
        ack_wait_seconds: seconds('Time a handler may take before JetStream redelivers the message').default(
          30,
        ),
        duplicate_window_seconds: seconds('Window in which JetStream drops a re-published eventId').default(
          120,
        ),
        max_age_seconds: z
          .number()
          .min(0)
          .default(7 * 24 * 3600)
          .describe('Age after which the stream discards events; 0 keeps them forever'),
        consumer_name: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .optional()
          .describe(
            "Prefix of this process's durable consumers (default: tradestate_<its services joined by ->); one process per name",
          ),
        lockstep: z
          .boolean()
          .default(true)
          .describe(
            'Every process handles each candle and what it causes in the order one process would (the producer sends up to 64 candles ahead, processes wait at per-candle progress barriers; results identical to one process); false: as produced (live feeds, lowest latency)',
          ),
        user: z
          .string()
          .min(1)
          .optional()
          .describe('User name; its password comes from EVENT_BUS_NATS_PASSWORD'),
        password: z.string().min(1).optional().describe('Secret: password of user'),
        token: z
          .string()
          .min(1)
          .optional()
          .describe('Secret: authentication token (instead of user and password)'),
        nkey_seed: z
          .string()
          .min(1)
          .optional()
          .describe('Secret: NKey seed (SU...) to sign the server nonce with'),
        nkey_seed_file: z
          .string()
          .min(1)
          .optional()
          .describe('File holding the NKey seed (instead of nkey_seed)'),
        creds_file: z
          .string()
          .min(1)
          .optional()
          .describe('.creds file (user JWT and NKey seed) for servers in operator mode'),
        inbox_prefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .optional()
          .describe(
            "Prefix of this connection's reply subjects (default: _INBOX_<user> with a user, else _INBOX); per-role prefixes let the server keep roles from reading each other's replies",
          ),
        tls: z
          .strictObject({
            ca_file: z
              .string()
              .min(1)
              .optional()
              .describe('CA certificate (PEM) the server certificate must chain to'),
            cert_file: z
              .string()
              .min(1)
              .optional()
              .describe('Client certificate (PEM), for servers that verify clients'),
            key_file: z.string().min(1).optional().describe('Private key (PEM) of cert_file'),
            handshake_first: z
              .boolean()
              .default(false)
              .describe('TLS before the NATS handshake (server tls handshake_first)'),
          })
          .describe(
            'TLS to the server: used when a file or handshake_first is set (tls:// server URLs also require it)',
          )
          .prefault({}),
      })
      .describe('NATS JetStream transport (used when transport is nats)')
      .prefault({}),
  })
  .describe('EventBus');
