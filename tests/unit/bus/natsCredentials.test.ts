import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeNatsError } from '../../../src/bus/nats/connectNats.js';
import { natsConnectionOptions } from '../../../src/bus/nats/natsConnectionOptions.js';
import { NatsCredentialsError } from '../../../src/bus/nats/natsCredentialsError.js';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { redactConfig, redactUrlCredentials } from '../../../src/config/redactConfig.js';
import { EventBusConfigSchema } from '../../../src/config/systemConfig.js';

const settings = (nats: Record<string, unknown>) =>
  EventBusConfigSchema.parse({ transport: 'nats', nats: { servers: ['nats://127.0.0.1:4222'], ...nats } })
    .nats;

const failure = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
};

describe('NATS credentials in the configuration', () => {
  it('passes user and password, the inbox prefix and TLS files on to the connection', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tradestate-tls-'));
    for (const name of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(directory, name), 'pem');
    const options = natsConnectionOptions(
      settings({
        user: 'strategy',
        password: 'pw',
        inbox_prefix: '_INBOX_strategy',
        tls: {
          ca_file: join(directory, 'ca.pem'),
          cert_file: join(directory, 'cert.pem'),
          key_file: join(directory, 'key.pem'),
        },
      }),
    );
    expect(options).toMatchObject({ user: 'strategy', pass: 'pw', inboxPrefix: '_INBOX_strategy' });
    expect(options.tls).toEqual({
      caFile: join(directory, 'ca.pem'),
      certFile: join(directory, 'cert.pem'),
      keyFile: join(directory, 'key.pem'),
    });
  });

  it("sends a user's replies to its own inbox prefix unless one is configured", () => {
    expect(natsConnectionOptions(settings({ user: 'execution', password: 'pw' })).inboxPrefix).toBe(
      '_INBOX_execution',
    );
    expect(natsConnectionOptions(settings({ token: 't' })).inboxPrefix).toBe('_INBOX');
  });

  it('refuses two authentication methods at once, naming both', () => {
    const error = failure(() => natsConnectionOptions(settings({ token: 't', creds_file: '/x.creds' })));
    expect(error).toBeInstanceOf(NatsCredentialsError);
    expect(error.message).toMatch(/more than one authentication method is set \(token, creds_file\)/);
  });

  it('names the setting, not the content, when a creds file cannot be read', () => {
    const error = failure(() => natsConnectionOptions(settings({ creds_file: '/nonexistent/user.creds' })));
    expect(error).toBeInstanceOf(NatsCredentialsError);
    expect(error.message).toMatch(
      /event_bus\.nats\.creds_file: cannot read \/nonexistent\/user\.creds \(ENOENT\)/,
    );
  });

  it('refuses an NKey seed that is not a seed, without echoing it', () => {
    const error = failure(() => natsConnectionOptions(settings({ nkey_seed: 'not-a-seed-value' })));
    expect(error.message).toMatch(/is not a seed/);
    expect(error.message).not.toContain('not-a-seed-value');
  });

  it('refuses a password without a user', () => {
    expect(failure(() => natsConnectionOptions(settings({ password: 'pw' }))).message).toMatch(
      /password is set without a user/,
    );
  });

  it('turns a refused login into a credentials error that names the variables to check and redacts the URL', () => {
    const error = describeNatsError(
      ['nats://strategy:hunter2@10.0.0.5:4222'],
      new Error('Authorization Violation'),
      'connect',
    );
    expect(error).toBeInstanceOf(NatsCredentialsError);
    expect(error.message).toMatch(/refused the credentials/);
    expect(error.message).toMatch(/EVENT_BUS_NATS_PASSWORD/);
    expect(error.message).toContain('nats://strategy:[REDACTED]@10.0.0.5:4222');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('credentials in URL-shaped settings', () => {
  it('redacts user:password and token user-info, keeping host and user', () => {
    expect(redactUrlCredentials('nats://trader:s3cret@10.0.0.5:4222')).toBe(
      'nats://trader:[REDACTED]@10.0.0.5:4222',
    );
    expect(redactUrlCredentials('tls://tok3n@nats.example.com')).toBe('tls://[REDACTED]@nats.example.com');
    expect(redactUrlCredentials('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
    expect(redactUrlCredentials('a: nats://u:p@h, b: wss://x:y@z/path')).toBe(
      'a: nats://u:[REDACTED]@h, b: wss://x:[REDACTED]@z/path',
    );
  });

  it('redacts a password in EVENT_BUS_NATS_SERVERS in the printed configuration, and the NKey seed', () => {
    const config = ConfigLoader.load(undefined, {
      env: {
        EVENT_BUS_NATS_SERVERS: 'nats://trader:s3cret@10.0.0.5:4222,nats://10.0.0.6:4222',
        EVENT_BUS_NATS_NKEY_SEED: 'SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4',
      },
      envFile: false,
      cwd: mkdtempSync(join(tmpdir(), 'tradestate-config-')),
    });
    const printed = JSON.stringify(redactConfig(config));
    expect(config.event_bus.nats.servers[0]).toBe('nats://trader:s3cret@10.0.0.5:4222');
    expect(printed).toContain('nats://trader:[REDACTED]@10.0.0.5:4222');
    expect(printed).not.toContain('s3cret');
    expect(printed).not.toContain('SUAIBDPB');
  });

  it('refuses an NKey seed written in a config file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tradestate-config-'));
    writeFileSync(join(cwd, 'c.yaml'), 'event_bus:\n  nats:\n    nkey_seed: SUAIBDPB\n');
    const error = failure(() => ConfigLoader.load('c.yaml', { env: {}, envFile: false, cwd }));
    expect(JSON.stringify((error as { problems?: unknown }).problems)).toMatch(/EVENT_BUS_NATS_NKEY_SEED/);
  });
});
