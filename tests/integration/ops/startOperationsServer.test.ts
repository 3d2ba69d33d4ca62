import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationsServerError } from '../../../src/ops/operationsServerError.js';
import { type OperationsServer, startOperationsServer } from '../../../src/ops/startOperationsServer.js';
import { FakeTarget } from '../../support/ops/fakeTarget.js';
import { parseExposition } from '../../support/ops/parseExposition.js';

const silent = pino({ level: 'silent' });
const servers: OperationsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(target = new FakeTarget(), logger = silent) {
  const server = await startOperationsServer(target, { port: 0, logger });
  servers.push(server);
  return { server, target };
}

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  return {
    lines,
    logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
  };
}

describe('startOperationsServer over HTTP', () => {
  it('listens on 127.0.0.1 on an ephemeral port by default and reports its URL', async () => {
    const { server } = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers /healthz with 200 ok', async () => {
    const { server } = await start();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('serves /metrics in the Prometheus text format with its content type, ignoring a query string', async () => {
    const { server } = await start();
    const response = await fetch(`${server.url}/metrics?debug=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const scraped = parseExposition(await response.text());
    expect(scraped.value('tradestate_service_data_fetches', { service: 'data_fetching' })).toBe(3);
  });

  it('serves /status as the metrics snapshot plus every service health and state', async () => {
    const { server, target } = await start();
    target.health.data_fetching = { healthy: false, state: 'RUNNING', reason: 'stale feed' };
    const body = (await (await fetch(`${server.url}/status`)).json()) as {
      orchestrator: { status: string };
      services: Record<string, { state: string }>;
      health: Record<string, unknown>;
    };
    expect(body.orchestrator.status).toBe('running');
    expect(body.services.data_fetching?.state).toBe('RUNNING');
    expect(body.health.data_fetching).toEqual({ healthy: false, state: 'RUNNING', reason: 'stale feed' });
  });

  it('answers /readyz 503 naming the unhealthy service, and 200 once it is healthy again', async () => {
    const { server, target } = await start();
    target.health.data_fetching = { healthy: false, state: 'RUNNING', reason: 'stale feed' };
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      services: { data_fetching: { state: 'RUNNING', healthy: false, reason: 'stale feed' } },
    });
    target.health.data_fetching = { healthy: true, state: 'RUNNING' };
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('answers an unknown path with 404 and a non-GET method with 405 and an Allow header', async () => {
    const { server } = await start();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('answers 500 and logs when the system throws, then keeps serving', async () => {
    const { lines, logger } = capture();
    const { server, target } = await start(new FakeTarget(), logger);
    target.failWith = new Error('snapshot exploded');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(500);
    expect((await fetch(`${server.url}/status`)).status).toBe(500);
    expect(lines.filter((line) => line.msg === 'Operations request failed')).toHaveLength(2);
    target.failWith = undefined;
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('refuses a non-loopback address without allow_remote and credentials', async () => {
    const { logger } = capture();
    await expect(
      startOperationsServer(new FakeTarget(), { host: '192.0.2.1', port: 0, logger }),
    ).rejects.toThrow(/orchestrator\.http\.host is 192\.0\.2\.1, reachable from other machines/);
  });

  it('warns when allowed to bind a non-loopback address, and rejects with OperationsServerError when it cannot', async () => {
    const { lines, logger } = capture();
    // 192.0.2.1 (TEST-NET-1) is not assigned to this machine: listen fails, nothing gets exposed.
    const failure = startOperationsServer(new FakeTarget(), {
      host: '192.0.2.1',
      port: 0,
      logger,
      allow_remote: true,
      token: 'test-token',
    });
    await expect(failure).rejects.toThrow(OperationsServerError);
    await expect(failure).rejects.toMatchObject({ host: '192.0.2.1', code: 'EADDRNOTAVAIL' });
    expect(lines.find((line) => line.level === 40)?.msg).toMatch(
      /bound to 192\.0\.2\.1, reachable from other machines/,
    );
  });

  it('rejects with OperationsServerError naming EADDRINUSE when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startOperationsServer(new FakeTarget(), { port, logger: silent })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('closes despite a kept-alive connection, idempotently, and then refuses connections', async () => {
    const { server } = await start();
    await (await fetch(`${server.url}/healthz`, { headers: { connection: 'keep-alive' } })).text();
    await Promise.all([server.close(), server.close()]);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
