import { request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationsAccessError } from '../../../src/ops/operationsAccessError.js';
import type { OperationsTarget } from '../../../src/ops/operationsTarget.js';
import {
  type OperationsServerOptions,
  startOperationsServer,
} from '../../../src/ops/startOperationsServer.js';

const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A target whose metrics carry a NATS URL with credentials, as a misconfigured metric could. */
const target: OperationsTarget = {
  getAllMetrics: () =>
    ({
      orchestrator: { status: 'running' },
      services: { trade_execution: { orders_placed: 3, upstream: 'nats://trader:hunter2@10.0.0.5:4222' } },
      event_bus: { events_published: 1, events_delivered: 1, handler_errors: 0 },
    }) as never,
  getServiceHealth: () => ({ trade_execution: { healthy: true, state: 'RUNNING' } }),
};

async function serve(options: Partial<OperationsServerOptions> = {}) {
  const server = await startOperationsServer(target, { port: 0, logger: silent, ...options });
  cleanups.push(() => server.close());
  return server;
}

/** GET on 127.0.0.1:port with the given headers (Host included: fetch would not let us set it). */
function get(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('operations endpoint access', () => {
  it('refuses a request naming a host it was not told about (DNS rebinding), and serves loopback names and IPs', async () => {
    const server = await serve({ allowed_hosts: ['ops.example.com'] });
    const rebound = await get(server.port, '/status', { Host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/host not allowed: attacker\.example/);
    for (const host of ['localhost', '127.0.0.1', 'ops.example.com', 'OPS.example.com']) {
      expect((await get(server.port, '/healthz', { Host: `${host}:${server.port}` })).status, host).toBe(200);
    }
  });

  it('refuses to bind a non-loopback address without allow_remote, naming the setting', async () => {
    const failure = await startOperationsServer(target, { host: '0.0.0.0', port: 0, logger: silent }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OperationsAccessError);
    expect((failure as Error).message).toMatch(/orchestrator\.http\.allow_remote: true/);
  });

  it('names an empty host as every interface instead of an empty string', async () => {
    const failure = await startOperationsServer(target, { host: '', port: 0, logger: silent }).catch(
      (error: unknown) => error,
    );
    expect((failure as Error).message).toMatch(/orchestrator\.http\.host is every interface \(empty host\)/);
    expect((failure as Error).message).not.toMatch(/ ,/);
  });

  it('refuses allow_remote without a token or basic auth', async () => {
    const failure = await startOperationsServer(target, {
      host: '0.0.0.0',
      port: 0,
      logger: silent,
      allow_remote: true,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OperationsAccessError);
    expect((failure as Error).message).toMatch(/ORCHESTRATOR_HTTP_TOKEN/);
  });

  it('asks every request for the token or basic auth when bound remotely, and logs where it listens', async () => {
    let logged = '';
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logged += chunk.toString();
          done();
        },
      }),
    );
    const server = await serve({
      host: '0.0.0.0',
      allow_remote: true,
      token: 'tok-123',
      user: 'ops',
      password: 'pa55',
      logger,
    });
    const host = { Host: `127.0.0.1:${server.port}` };
    expect((await get(server.port, '/status', host)).status).toBe(401);
    expect((await get(server.port, '/status', { ...host, Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(server.port, '/status', { ...host, Authorization: 'Bearer tok-123' })).status).toBe(
      200,
    );
    const basic = `Basic ${Buffer.from('ops:pa55').toString('base64')}`;
    expect((await get(server.port, '/healthz', { ...host, Authorization: basic })).status).toBe(200);
    expect(logged).toMatch(/bound to every interface \(0\.0\.0\.0\)/);
    expect(logged).not.toContain('tok-123');
  });

  it('shows URL-shaped values in /status without their credentials', async () => {
    const server = await serve();
    const status = await get(server.port, '/status', { Host: `127.0.0.1:${server.port}` });
    expect(status.status).toBe(200);
    expect(status.body).toContain('nats://trader:[REDACTED]@10.0.0.5:4222');
    expect(status.body).not.toContain('hunter2');
  });
});
