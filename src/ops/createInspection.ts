import { randomBytes } from 'node:crypto';
import { createInspector, createSkyInspector, createWebSocketInspector } from '@statelyai/inspect';
import pino, { type Logger } from 'pino';
import type { InspectionEvent, Observer } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import { InspectionHostError } from './inspectionHostError.js';
import { type InspectionRelay, startInspectionRelay } from './inspectionRelay.js';
import { isLoopbackHost } from './isLoopbackHost.js';
import { LiveView } from './liveView.js';

/**
 * Options of `createInspection`.
 *
 * @example
 * ```ts
 * const inspection = await createInspection('local', { host: '127.0.0.1', port: 4242 });
 * ```
 */
export interface InspectionOptions {
  /** Loopback address only (`127.0.0.1`, `localhost`, `::1`). */
  host?: string;
  /** Port (default 4242; `0` picks a free one, read it back from `url`). */
  port?: number;
  /**
   * `true` (default): serve the live inspector on host:port. `false`: only publish Stately inspector messages
   * to a WebSocket server that already listens there (e.g. `@statelyai/inspect`'s, or a test receiver).
   */
  serve?: boolean;
  /** The token the page's address must carry (default: 32 random hex digits per run). */
  token?: string;
  /** Where refused requests are logged (warn; default: JSON lines on stderr). */
  logger?: Logger;
}

/**
 * A running inspection: pass `inspect` to `createActor` (or to `createTradingSystem`), `stop()` when done.
 *
 * @example
 * ```ts
 * const inspection = await createInspection('local', { port: 4242 });
 * const system = await createTradingSystem(config, { inspect: inspection });
 * inspection.watchBus(system.bus);
 * console.log('open', inspection.url);
 * await system.run({ maxCandles: 1_000 });
 * await system.stop();
 * await inspection.stop();
 * ```
 */
export interface Inspection {
  inspect: Observer<InspectionEvent>;
  /** Where a user looks: the live page with its token (local), or Stately's site (sky). */
  url: string;
  /** Shows the bus's events (with their correlation ids) on the live page; no-op for sky. */
  watchBus(bus: EventBusPort): void;
  stop(): Promise<void>;
}

/** Stately's messages as text; a value that cannot be serialised (a cycle) is left out, not fatal. */
function statelyText(event: unknown): string | undefined {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(event, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null) {
        if (seen.has(value)) return undefined;
        seen.add(value);
      }
      return typeof value === 'function' ? undefined : value;
    });
  } catch {
    return undefined;
  }
}

/** The local inspector: the live view, its relay, and Stately's inspector feeding the relay's /stately. */
async function localInspection(options: InspectionOptions, host: string): Promise<Inspection> {
  const view = new LiveView();
  const relay: InspectionRelay = await startInspectionRelay({
    host,
    port: options.port ?? 4242,
    token: options.token ?? randomBytes(16).toString('hex'),
    view,
    // Refusals are worth a line on stderr even when the caller has no logger of its own.
    logger: options.logger ?? pino({ base: { logger: 'infrastructure.Inspector' } }, pino.destination(2)),
  });
  const stately = createInspector({
    send: (event) => {
      const text = statelyText(event);
      if (text !== undefined) relay.publishStately(text);
    },
  });
  const unwatch: Array<() => void> = [];
  return {
    inspect: {
      next: (event) => {
        view.record(event);
        stately.inspect.next?.(event);
      },
    },
    url: relay.url,
    watchBus: (bus) => {
      unwatch.push(view.watchBus(bus));
    },
    async stop() {
      for (const stopWatching of unwatch.splice(0)) stopWatching();
      await relay.close();
    },
  };
}

/**
 * Starts inspection, off unless called.
 * - `local`: the live inspector on loopback (default http://127.0.0.1:4242, with a per-run token in the
 *   address): a self-contained page (works offline) with the actor tree, each machine with its active states,
 *   restarts and failures, and the last events with their correlation ids; `/stately` on the same server
 *   shows the system in Stately's online inspector. `serve: false` publishes Stately messages to a server
 *   already listening on host:port instead.
 * - `sky`: Stately's hosted session (needs internet; the link is printed).
 * The returned `inspect` observer covers a whole actor system.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * declare const services: AnyServiceDefinition[];
 * const logger = pino({ level: 'silent' });
 * const inspection = await createInspection('local', { port: 4242 });
 * const orchestrator = TradingOrchestrator.fromConfig(config, { bus, clock, logger, services, inspect: inspection.inspect });
 * inspection.watchBus(bus);
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
      watchBus: () => undefined,
      stop: async () => inspector.stop(),
    };
  }
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new InspectionHostError(host);
  if (options.serve !== false) return localInspection(options, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `ws://${urlHost}:${options.port ?? 4242}`;
  const inspector = createWebSocketInspector({ url });
  return {
    inspect: inspector.inspect,
    url,
    watchBus: () => undefined,
    stop: async () => inspector.stop(),
  };
}

export { InspectionHostError };
