import { readFileSync } from 'node:fs';
import {
  type Authenticator,
  credsAuthenticator,
  type NodeConnectionOptions,
  nkeyAuthenticator,
} from '@nats-io/transport-node';
import type { SystemConfig } from '../../config/systemConfig.js';
import { NatsCredentialsError } from './natsCredentialsError.js';

type NatsSettings = SystemConfig['event_bus']['nats'];

/** The connection options that follow from the settings: servers, authentication, TLS and reply prefix. */
export type NatsAuthOptions = Pick<
  NodeConnectionOptions,
  'servers' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls' | 'inboxPrefix'
>;

/**
 * Turns `event_bus.nats` into connection options. One authentication method at most: `user` with
 * `password`, `token`, an NKey seed (`nkey_seed` from the environment, or `nkey_seed_file`), or a `.creds`
 * file (`creds_file`); credentials written into a server URL (`nats://user:pass@host`) also work. Files are
 * read here, once, so that a missing file fails at start naming the setting. TLS (`tls.ca_file`,
 * `cert_file`, `key_file`) is passed on as files for the Node transport to load.
 *
 * @throws NatsCredentialsError when two methods are set, a password has no user, or a file cannot be read.
 * @example
 * ```ts
 * const connection = await connect({ ...natsConnectionOptions(config.event_bus.nats), name: 'strategy' });
 * ```
 */
export function natsConnectionOptions(settings: NatsSettings): NatsAuthOptions {
  const { servers } = settings;
  const methods = [
    settings.password !== undefined || settings.user !== undefined ? 'user/password' : undefined,
    settings.token !== undefined ? 'token' : undefined,
    settings.nkey_seed !== undefined || settings.nkey_seed_file !== undefined ? 'nkey' : undefined,
    settings.creds_file !== undefined ? 'creds_file' : undefined,
  ].filter((method) => method !== undefined);
  if (methods.length > 1) {
    throw new NatsCredentialsError(
      servers,
      `more than one authentication method is set (${methods.join(', ')})`,
      {
        fix: 'Keep one of event_bus.nats.user/password, token, nkey_seed (or nkey_seed_file), creds_file.',
      },
    );
  }
  if (settings.nkey_seed !== undefined && settings.nkey_seed_file !== undefined) {
    throw new NatsCredentialsError(servers, 'both nkey_seed and nkey_seed_file are set', {
      fix: 'Keep one of EVENT_BUS_NATS_NKEY_SEED and event_bus.nats.nkey_seed_file.',
    });
  }
  if (settings.password !== undefined && settings.user === undefined) {
    throw new NatsCredentialsError(servers, 'a password is set without a user', {
      fix: 'Set event_bus.nats.user (or EVENT_BUS_NATS_USER) to the user the password belongs to.',
    });
  }
  const options: NatsAuthOptions = { servers, inboxPrefix: inboxPrefixOf(settings) };
  if (settings.user !== undefined) {
    options.user = settings.user;
    if (settings.password !== undefined) options.pass = settings.password;
  }
  if (settings.token !== undefined) options.token = settings.token;
  const authenticator = authenticatorOf(settings);
  if (authenticator !== undefined) options.authenticator = authenticator;
  const { ca_file, cert_file, key_file, handshake_first } = settings.tls;
  // An empty TLS object would make the client demand TLS: only pass one when something asks for it.
  if (ca_file !== undefined || cert_file !== undefined || key_file !== undefined || handshake_first) {
    if ((cert_file === undefined) !== (key_file === undefined)) {
      throw new NatsCredentialsError(servers, 'tls.cert_file and tls.key_file go together', {
        fix: 'Set both event_bus.nats.tls.cert_file and key_file, or neither.',
      });
    }
    for (const [key, file] of [
      ['ca_file', ca_file],
      ['cert_file', cert_file],
      ['key_file', key_file],
    ] as const) {
      if (file !== undefined) readSetting(servers, `tls.${key}`, file);
    }
    options.tls = {
      ...(ca_file !== undefined ? { caFile: ca_file } : {}),
      ...(cert_file !== undefined ? { certFile: cert_file } : {}),
      ...(key_file !== undefined ? { keyFile: key_file } : {}),
      ...(handshake_first ? { handshakeFirst: true } : {}),
    };
  }
  return options;
}

function authenticatorOf(settings: NatsSettings): Authenticator | undefined {
  const { servers } = settings;
  if (settings.creds_file !== undefined) {
    return credsAuthenticator(readSetting(servers, 'creds_file', settings.creds_file));
  }
  const seed =
    settings.nkey_seed ??
    (settings.nkey_seed_file === undefined
      ? undefined
      : new TextDecoder().decode(readSetting(servers, 'nkey_seed_file', settings.nkey_seed_file)).trim());
  if (seed === undefined) return undefined;
  if (!/^S[A-Z2-7]{20,}$/.test(seed.trim())) {
    throw new NatsCredentialsError(
      servers,
      'the NKey seed is not a seed (expected a string starting with S)',
      {
        fix: 'Set EVENT_BUS_NATS_NKEY_SEED or the file in event_bus.nats.nkey_seed_file to the seed `nsc` or `nk -gen user` printed.',
      },
    );
  }
  return nkeyAuthenticator(new TextEncoder().encode(seed.trim()));
}

/** A file named by a setting; a missing or unreadable one names the setting, not its content. */
function readSetting(servers: readonly string[], key: string, file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new NatsCredentialsError(servers, `event_bus.nats.${key}: cannot read ${file} (${code})`, {
      fix: `Point event_bus.nats.${key} at a readable file.`,
      cause: error,
    });
  }
}

/**
 * Where the server sends this connection's replies: a user's own prefix (`_INBOX_<user>`), the one
 * config/nats/permissions.conf lets that user read, unless `inbox_prefix` names another.
 *
 * @example
 * ```ts
 * inboxPrefixOf(config.event_bus.nats); // '_INBOX_producer' for user producer
 * ```
 */
export function inboxPrefixOf(settings: Pick<NatsSettings, 'inbox_prefix' | 'user'>): string {
  return settings.inbox_prefix ?? (settings.user === undefined ? '_INBOX' : `_INBOX_${settings.user}`);
}
