import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { isLoopbackHost } from './isLoopbackHost.js';
import type { LiveView } from './liveView.js';
import { liveViewPage, statelyBridgePage } from './liveViewPage.js';

/**
 * A running inspector relay.
 *
 * @example
 * ```ts
 * const relay = await startInspectionRelay({ host: '127.0.0.1', port: 0, token, view });
 * console.log(relay.url); // http://127.0.0.1:PORT/?token=...
 * ```
 */
export interface InspectionRelay {
  /** The live page, token included. */
  url: string;
  /** `http://host:port`: the only origin whose pages may connect. */
  origin: string;
  port: number;
  /** Sends one Stately inspector message to the pages at /stately (and keeps it for late joiners). */
  publishStately(message: string): void;
  close(): Promise<void>;
}

const backlogSize = 2_000;
/** Pushes to the live page are batched: at most one per this many milliseconds. */
const pushIntervalMs = 50;

function sameToken(given: string | null, token: string): boolean {
  if (given === null || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/**
 * Serves the live inspector on loopback: `GET /?token=` the live page (self-contained, works offline),
 * `GET /stately?token=` a page that frames the online Stately inspector, `GET /state?token=` the view as
 * JSON, and WebSockets at `/live` and `/stately` that only push. Every request must carry the token and a
 * loopback `Host` with this port (no DNS rebinding); a WebSocket must come from this origin. Refusals are
 * logged. Messages from clients are read and dropped: nothing reaches the system from the page.
 *
 * @example
 * ```ts
 * const relay = await startInspectionRelay({ host: '127.0.0.1', port: 4242, token: 'abc', view, logger });
 * await relay.close();
 * ```
 */
export async function startInspectionRelay(options: {
  host: string;
  port: number;
  token: string;
  view: LiveView;
  logger?: Logger;
}): Promise<InspectionRelay> {
  const { token, view, logger } = options;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  let port = options.port;
  const backlog: string[] = [];
  const live = new WebSocketServer({ noServer: true });
  const stately = new WebSocketServer({ noServer: true });

  const refuse = (reason: string, request: IncomingMessage) =>
    logger?.warn(
      { origin: request.headers.origin, host: request.headers.host, path: request.url?.split('?')[0] },
      `Inspector refused a request: ${reason}`,
    );
  /** Why a request may not go on (`undefined`: it may). */
  const check = (request: IncomingMessage, url: URL): string | undefined => {
    const host = request.headers.host ?? '';
    const hostUrl = URL.canParse(`http://${host}`) ? new URL(`http://${host}`) : undefined;
    if (!hostUrl || !isLoopbackHost(hostUrl.hostname) || Number(hostUrl.port) !== port)
      return `Host ${JSON.stringify(host)} is not this loopback server`;
    if (!sameToken(url.searchParams.get('token'), token)) return 'missing or wrong token';
    return undefined;
  };
  const ownOrigin = (origin: string | undefined) => {
    if (!origin || !URL.canParse(origin)) return false;
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname) && Number(parsed.port) === port;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const refused = check(request, url);
    if (refused) {
      refuse(refused, request);
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end(`Forbidden: ${refused}. Open the address the inspector printed (it carries the token).\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const headers = {
      'cache-control': 'no-store',
      // The token is in the address: never hand it to another site in a Referer.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    };
    const socketBase = `ws://${request.headers.host}`;
    if (url.pathname === '/') {
      response.writeHead(200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src ${socketBase}; img-src data:; frame-ancestors 'none'`,
      });
      response.end(
        liveViewPage({
          socketUrl: `${socketBase}/live?token=${token}`,
          statelyPath: `/stately?token=${token}`,
        }),
      );
    } else if (url.pathname === '/stately') {
      response.writeHead(200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src ${socketBase}; frame-src https://stately.ai`,
      });
      response.end(statelyBridgePage(`${socketBase}/stately?token=${token}`));
    } else if (url.pathname === '/state') {
      response.writeHead(200, { ...headers, 'content-type': 'application/json' });
      response.end(JSON.stringify(view.state()));
    } else {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      response.end('Not found\n');
    }
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const refused =
      check(request, url) ??
      (ownOrigin(request.headers.origin)
        ? undefined
        : `origin ${JSON.stringify(request.headers.origin ?? null)} is not this page's`);
    const hub = url.pathname === '/live' ? live : url.pathname === '/stately' ? stately : undefined;
    if (refused || !hub) {
      refuse(refused ?? `no WebSocket at ${url.pathname}`, request);
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    hub.handleUpgrade(request, socket, head, (client) => hub.emit('connection', client, request));
  });

  let sentMachines = -1;
  const machinesMessage = () => JSON.stringify({ type: 'machines', machines: view.state().machines });
  const stateMessage = () => JSON.stringify({ type: 'state', ...view.state(), machines: undefined });
  live.on('connection', (client: WebSocket) => {
    // Read-only: what a page sends is dropped, never passed on to the system.
    client.on('message', () => undefined);
    client.send(machinesMessage());
    client.send(stateMessage());
  });
  stately.on('connection', (client: WebSocket) => {
    client.on('message', () => undefined);
    for (const message of backlog) client.send(message);
  });

  let timer: NodeJS.Timeout | undefined;
  const push = () => {
    timer = undefined;
    const machinesChanged = sentMachines !== view.machineVersion;
    sentMachines = view.machineVersion;
    const machines = machinesChanged ? machinesMessage() : undefined;
    const state = stateMessage();
    for (const client of live.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (machines) client.send(machines);
      client.send(state);
    }
  };
  const unsubscribe = view.onChange(() => {
    timer ??= setTimeout(push, pushIntervalMs);
    timer.unref?.();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    publishStately(message) {
      backlog.push(message);
      if (backlog.length > backlogSize) backlog.shift();
      for (const client of stately.clients) if (client.readyState === WebSocket.OPEN) client.send(message);
    },
    async close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      for (const client of [...live.clients, ...stately.clients]) client.terminate();
      await new Promise<void>((resolve) => live.close(() => resolve()));
      await new Promise<void>((resolve) => stately.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
