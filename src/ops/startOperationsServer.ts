import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { redactUrlCredentials } from '../config/redactConfig.js';
import { assessReadiness } from './assessReadiness.js';
import { isLoopbackHost } from './isLoopbackHost.js';
import { describeHost, OperationsAccess } from './operationsAccess.js';
import { OperationsMetrics } from './operationsMetrics.js';
import { OperationsServerError } from './operationsServerError.js';
import type { OperationsTarget } from './operationsTarget.js';

export interface OperationsServerOptions {
  /** Bind address (default `127.0.0.1`). Any other than loopback needs `allow_remote` and credentials. */
  host?: string;
  /** Port; `0` picks a free one (read it back from `port`). */
  port: number;
  logger: Logger;
  /** Also export Node's `process_*` / `nodejs_*` metrics (default false). */
  processMetrics?: boolean;
  /** Allow a non-loopback `host`; then `token` or `user` and `password` are required (default false). */
  allow_remote?: boolean;
  /** Names accepted in the `Host` header besides the bound address, loopback names and IP literals. */
  allowed_hosts?: readonly string[];
  /** Every request must carry `Authorization: Bearer <token>` (or basic auth, when also configured). */
  token?: string;
  /** Basic-auth user; with `password`. */
  user?: string;
  password?: string;
}

/** A running operations endpoint. */
export interface OperationsServer {
  /** `http://host:port`, with the actual port. */
  readonly url: string;
  readonly port: number;
  /** The registry behind `/metrics` (its own, never prom-client's global one). */
  readonly metrics: OperationsMetrics;
  /** Stops listening and closes open connections. Idempotent. */
  close(): Promise<void>;
}

type Route = (response: ServerResponse) => Promise<void> | void;

/**
 * Serves the operations endpoint of a trading system over plain HTTP:
 * - `GET /metrics`: Prometheus text format, read from the system at scrape time;
 * - `GET /healthz`: `200 ok` while the process answers (liveness);
 * - `GET /readyz`: `200` when every service is RUNNING and healthy, else `503` with the services and why;
 * - `GET /status`: JSON, `getAllMetrics()` plus every service's health and lifecycle state.
 * Unknown paths answer 404, methods other than GET/HEAD 405. It is opt-in: nothing listens unless called.
 * A request whose `Host` is not the bound address, a loopback name, an IP literal or one of `allowed_hosts`
 * is refused (403: a DNS-rebinding page cannot read it); a non-loopback bind address needs `allow_remote`
 * and a token or basic auth, checked on every request (401 without).
 *
 * @example
 * ```ts
 * const system = await createTradingSystem(config);
 * const { http } = config.orchestrator;
 * const ops = http.enabled ? await startOperationsServer(system, { ...http, logger: system.logger }) : undefined;
 * await system.run();
 * await ops?.close();
 * ```
 */
export async function startOperationsServer(
  target: OperationsTarget,
  options: OperationsServerOptions,
): Promise<OperationsServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ service: 'OperationsServer' });
  const access = OperationsAccess.fromOptions(host, options);
  if (!isLoopbackHost(host)) {
    logger.warn(
      { host: describeHost(host) },
      `Operations endpoint bound to ${describeHost(host)}, reachable from other machines (allow_remote: true); requests need credentials`,
    );
  }
  const metrics = new OperationsMetrics(target, { logger, processMetrics: options.processMetrics ?? false });

  const routes: Record<string, Route> = {
    '/metrics': async (response) => {
      const text = await metrics.render();
      send(response, 200, metrics.contentType, text);
    },
    '/healthz': (response) => send(response, 200, 'text/plain; charset=utf-8', 'ok\n'),
    '/readyz': (response) => {
      const readiness = assessReadiness(target.getServiceHealth());
      sendJson(response, readiness.ready ? 200 : 503, readiness);
    },
    // Anything URL-shaped in the metrics (a server, a data source) is shown without its credentials.
    '/status': (response) =>
      send(
        response,
        200,
        'application/json; charset=utf-8',
        `${JSON.stringify({ ...target.getAllMetrics(), health: target.getServiceHealth() }, (_key, value) =>
          typeof value === 'string' ? redactUrlCredentials(value) : value,
        )}\n`,
      ),
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, 'Operations request failed');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = access.check(request);
    if (refusal !== undefined) {
      if (refusal.status === 401) response.setHeader('WWW-Authenticate', 'Bearer, Basic realm="tradestate"');
      return send(response, refusal.status, 'text/plain; charset=utf-8', `${refusal.message}\n`);
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (!route) return send(response, 404, 'text/plain; charset=utf-8', `not found: ${path}\n`);
    // HEAD is GET without a body (Node drops the body); anything else cannot change this read-only view.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', `method not allowed: ${request.method}\n`);
    }
    await route(response);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new OperationsServerError(host, options.port, error.code, { cause: error }));
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'Operations endpoint error'));

  const port = (server.address() as AddressInfo).port;
  const shown = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  logger.info({ url }, `Operations endpoint on ${url} (/metrics, /healthz, /readyz, /status)`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    metrics,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (fetch, Prometheus) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}
