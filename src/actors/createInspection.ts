import { createServer, type Server } from 'node:http';
import { createSkyInspector, createWebSocketInspector } from '@statelyai/inspect';
import { WebSocket, WebSocketServer } from 'ws';
import type { InspectionEvent, Observer } from 'xstate';
import { InspectionHostError } from './inspectionHostError.js';

/**
 * Options of `createInspection`.
 *
 * @example
 * ```ts
 * const inspection = await createInspection({ host: '127.0.0.1', port: 4242 });
 * ```
 */
export interface InspectionOptions {
  /** Loopback address only (`127.0.0.1`, `localhost`, `::1`). */
  host?: string;
  port?: number;
  /**
   * `true` (default): serve the relay on host:port (a page at http://HOST:PORT embedding the Stately
   * inspector, and a WebSocket the inspector client publishes to). `false`: only connect to a relay that
   * already listens there (e.g. `npx @statelyai/inspect` style servers, or a test receiver).
   */
  serve?: boolean;
}

/**
 * A running inspection: pass `inspect` to `createActor` (or to `TradingOrchestrator`), `stop()` when done.
 *
 * @example
 * ```ts
 * const inspection = await createInspection({ port: 4242 });
 * const system = await createTradingSystem(config, { inspect: inspection });
 * console.log('open', inspection.url);
 * await system.run({ maxCandles: 1_000 });
 * await system.stop();
 * await inspection.stop();
 * ```
 */
export interface Inspection {
  inspect: Observer<InspectionEvent>;
  /** Where a user looks (local: the relay page; sky: printed by the Stately client). */
  url: string;
  stop(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

function bridgePage(wsUrl: string): string {
  return `<!doctype html><html><head><title>tradestate inspector</title>
<style>html,body,iframe{margin:0;width:100%;height:100%;border:0}</style></head>
<body><iframe id="inspector" src="https://stately.ai/inspect"></iframe><script>
const frame = document.getElementById('inspector'); const buffer = []; let ready = false;
window.addEventListener('message', (e) => { if (e.data && e.data.type === '@statelyai.connected') {
  ready = true; buffer.splice(0).forEach((d) => frame.contentWindow.postMessage(d, '*')); } });
const ws = new WebSocket(${JSON.stringify(wsUrl)});
ws.onmessage = (e) => { const d = JSON.parse(e.data); ready ? frame.contentWindow.postMessage(d, '*') : buffer.push(d); };
</script></body></html>`;
}

/** The loopback relay: an HTTP page plus a WebSocket hub that forwards each message to the other clients. */
async function startRelay(
  host: string,
  port: number,
): Promise<{ server: Server; hub: WebSocketServer; port: number }> {
  const server = createServer((_request, response) => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(bridgePage(`ws://${host}:${actualPort}`));
  });
  const hub = new WebSocketServer({ server });
  const backlog: string[] = [];
  hub.on('connection', (socket) => {
    for (const message of backlog) socket.send(message);
    socket.on('message', (data) => {
      const message = data.toString();
      backlog.push(message);
      if (backlog.length > 1000) backlog.shift();
      for (const client of hub.clients)
        if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return { server, hub, port: typeof address === 'object' && address ? address.port : port };
}

/**
 * Starts Stately inspection, off unless called. `local`: a relay on loopback (default 127.0.0.1:4242) and
 * `@statelyai/inspect`'s WebSocket inspector publishing to it; open http://127.0.0.1:PORT in a browser (it
 * embeds the Stately inspector and relays ws://127.0.0.1:PORT to it). `sky`: Stately's hosted session
 * (needs network; the link is printed). The returned `inspect` observer covers a whole actor system.
 *
 * @example
 * ```ts
 * const inspection = await createInspection('local', { port: 4242 });
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services, inspect: inspection.inspect });
 * // ... later
 * await inspection.stop();
 * ```
 */
export async function createInspection(
  mode: 'local' | 'sky',
  options: InspectionOptions = {},
): Promise<Inspection> {
  if (mode === 'sky') {
    const inspector = createSkyInspector();
    return {
      inspect: inspector.inspect,
      url: 'https://stately.ai/inspect (session link printed on connect)',
      stop: async () => inspector.stop(),
    };
  }
  const host = options.host ?? '127.0.0.1';
  if (!loopback.has(host)) throw new InspectionHostError(host);
  const relay = options.serve === false ? undefined : await startRelay(host, options.port ?? 4242);
  const port = relay?.port ?? options.port ?? 4242;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const inspector = createWebSocketInspector({ url: `ws://${urlHost}:${port}` });
  return {
    inspect: inspector.inspect,
    url: `http://${urlHost}:${port}`,
    async stop() {
      inspector.stop();
      if (!relay) return;
      for (const client of relay.hub.clients) client.terminate();
      await new Promise<void>((resolve) => relay.hub.close(() => resolve()));
      await new Promise<void>((resolve) => relay.server.close(() => resolve()));
    },
  };
}
