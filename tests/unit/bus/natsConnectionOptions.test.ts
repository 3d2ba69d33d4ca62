import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { natsConnectionOptions } from '../../../src/bus/nats/natsConnectionOptions.js';
import { NatsCredentialsError } from '../../../src/bus/nats/natsCredentialsError.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratchDirectory = scratchDirectories('tradestate-nats-options-');
const settings = (nats: Record<string, unknown>) =>
  EventBusConfigSchema.parse({ transport: 'nats', nats: { servers: ['nats://127.0.0.1:4222'], ...nats } })
    .nats;
/** Shaped like a user seed (what the check reads); the client decodes it only when it signs a login. */
const seed = `SUA${'A'.repeat(55)}`;

function refusal(nats: Record<string, unknown>): NatsCredentialsError {
  try {
    natsConnectionOptions(settings(nats));
  } catch (error) {
    expect(error).toBeInstanceOf(NatsCredentialsError);
    return error as NatsCredentialsError;
  }
  throw new Error('expected the settings to be refused');
}

describe('natsConnectionOptions', () => {
  it('connects without credentials or TLS when none are set', () => {
    expect(natsConnectionOptions(settings({}))).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      inboxPrefix: '_INBOX',
    });
  });

  it('signs in with an NKey seed given in the settings or read from a file, trimmed', () => {
    expect(natsConnectionOptions(settings({ nkey_seed: seed })).authenticator).toBeTypeOf('function');
    const file = join(scratchDirectory(), 'user.nk');
    writeFileSync(file, `${seed}\n`);
    expect(natsConnectionOptions(settings({ nkey_seed_file: file })).authenticator).toBeTypeOf('function');
  });

  it('refuses a seed given both inline and as a file', () => {
    expect(refusal({ nkey_seed: seed, nkey_seed_file: '/run/secrets/user.nk' }).message).toContain(
      'both nkey_seed and nkey_seed_file are set',
    );
  });

  it('refuses a seed file that does not hold a seed, without echoing what it holds', () => {
    const file = join(scratchDirectory(), 'user.nk');
    writeFileSync(file, 'hunter2-not-a-seed\n');
    const error = refusal({ nkey_seed_file: file });
    expect(error.message).toContain('the NKey seed is not a seed');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a client certificate without its key', () => {
    expect(refusal({ tls: { cert_file: '/etc/tls/cert.pem' } }).message).toContain(
      'tls.cert_file and tls.key_file go together',
    );
  });

  it('names the TLS setting whose file is missing', () => {
    expect(refusal({ tls: { ca_file: '/nonexistent/ca.pem' } }).message).toContain(
      'event_bus.nats.tls.ca_file: cannot read /nonexistent/ca.pem (ENOENT)',
    );
  });

  it('asks for the TLS handshake first on its own, without any file', () => {
    expect(natsConnectionOptions(settings({ tls: { handshake_first: true } })).tls).toEqual({
      handshakeFirst: true,
    });
  });

  it('uses a configured inbox prefix over the user one', () => {
    const options = natsConnectionOptions(
      settings({ user: 'execution', password: 'pw', inbox_prefix: '_R' }),
    );
    expect(options).toMatchObject({ user: 'execution', pass: 'pw', inboxPrefix: '_R' });
  });
});
