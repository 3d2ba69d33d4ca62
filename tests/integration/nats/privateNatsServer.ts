import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repository = join(import.meta.dirname, '..', '..', '..');
/** The permission layout shipped with the project: one user per role. */
export const PERMISSIONS_CONF = join(repository, 'config', 'nats', 'permissions.conf');
export const ROLE_USERS = ['producer', 'data', 'indicators', 'strategy', 'execution', 'admin'] as const;
export type RoleUser = (typeof ROLE_USERS)[number];

/** A nats-server of this test file's own: a free port, a temporary store, random passwords per role. */
export interface PrivateNatsServer {
  url: string;
  port: number;
  passwords: Record<RoleUser, string>;
  output: () => string;
  stop: () => Promise<void>;
}

function natsServerBinary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory && existsSync(join(directory, 'nats-server'))) return join(directory, 'nats-server');
  }
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  throw new Error(
    'these tests need nats-server on PATH or at /usr/sbin/nats-server (apt-get install nats-server)',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts nats-server with `config/nats/permissions.conf` (or `conf`) on a free loopback port with JetStream
 * in a temporary directory, and waits until it accepts connections.
 */
export async function startPrivateNatsServer(conf: string = PERMISSIONS_CONF): Promise<PrivateNatsServer> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'tradestate-nats-'));
  const passwords = Object.fromEntries(
    // nats-server parses an environment value as a config value: one starting with a digit would be a number.
    ROLE_USERS.map((user) => [user, `pw${randomBytes(12).toString('hex')}`]),
  ) as Record<RoleUser, string>;
  const env = { ...process.env };
  for (const user of ROLE_USERS) env[`TRADESTATE_NATS_${user.toUpperCase()}_PASSWORD`] = passwords[user];
  const child: ChildProcess = spawn(
    natsServerBinary(),
    ['-c', conf, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (let attempt = 0; !/Server is ready/.test(text); attempt++) {
    if (child.exitCode !== null || attempt > 200) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    passwords,
    output: () => text,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(store, { recursive: true, force: true });
    },
  };
}
