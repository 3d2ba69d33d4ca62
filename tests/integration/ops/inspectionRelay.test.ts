import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, createMachine } from 'xstate';
import { createInspection, type Inspection, InspectionHostError } from '../../../src/ops/createInspection.js';

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: Array<{ msg: string; origin?: string; host?: string }> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  return { logger, lines };
}

/** Opens a WebSocket and resolves with what happened: opened (and the first messages) or refused (status). */
function connect(url: string, headers: { origin?: string; host?: string } = {}) {
  return new Promise<{ opened: boolean; status?: number; socket?: WebSocket; messages: string[] }>(
    (resolve) => {
      const messages: string[] = [];
      const socket = new WebSocket(url, {
        ...(headers.origin ? { origin: headers.origin } : {}),
        headers: headers.host ? { host: headers.host } : {},
      });
      socket.on('message', (data) => messages.push(data.toString()));
      socket.on('open', () => resolve({ opened: true, socket, messages }));
      socket.on('unexpected-response', (_request, response) =>
        resolve({ opened: false, status: response.statusCode, messages }),
      );
      socket.on('error', () => resolve({ opened: false, messages }));
    },
  );
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function inspector(): Promise<{
  inspection: Inspection;
  lines: ReturnType<typeof recordingLogger>['lines'];
  url: URL;
}> {
  const { logger, lines } = recordingLogger();
  const inspection = await createInspection('local', { port: 0, logger });
  cleanups.push(() => inspection.stop());
  return { inspection, lines, url: new URL(inspection.url) };
}

/** A relay and a two-state machine it inspects (stopped after the test). */
async function inspectedToggle() {
  const { inspection, url } = await inspector();
  const machine = createMachine({
    id: 'toggle',
    initial: 'off',
    states: { off: { on: { FLIP: 'on' } }, on: {} },
  });
  const actor = createActor(machine, { inspect: inspection.inspect, systemId: 'toggle' }).start();
  cleanups.push(() => {
    actor.stop();
  });
  return { actor, url };
}

describe('the inspector relay', () => {
  it('binds to loopback only', async () => {
    await expect(createInspection('local', { host: '0.0.0.0', port: 0 })).rejects.toBeInstanceOf(
      InspectionHostError,
    );
    await expect(createInspection('local', { host: '192.168.1.10', port: 0 })).rejects.toThrow(
      /loopback only/,
    );
  });

  it('serves the page only with the token in the address, and says so when it is missing', async () => {
    const { inspection, url, lines } = await inspector();
    expect(inspection.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    const page = await fetch(inspection.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('tradestate live inspector');
    // Self-contained: no script, style or frame from anywhere else.
    expect(html).not.toMatch(/<(script|link|iframe|img)[^>]+(src|href)="https?:/);
    const without = await fetch(url.origin);
    expect(without.status).toBe(403);
    expect(await without.text()).toMatch(/missing or wrong token/);
    expect((await fetch(`${url.origin}/?token=${'0'.repeat(32)}`)).status).toBe(403);
    expect(lines.filter((line) => line.msg.includes('missing or wrong token'))).toHaveLength(2);
  });

  it('keeps the Stately inspector on /stately for online users', async () => {
    const { url } = await inspector();
    const stately = await fetch(`${url.origin}/stately${url.search}`).then((response) => response.text());
    expect(stately).toContain('<iframe id="inspector" src="https://stately.ai/inspect"');
  });

  it('refuses a request whose Host is not this loopback server (DNS rebinding)', async () => {
    const { url, lines } = await inspector();
    const refused = await connect(`ws://${url.host}/live${url.search}`, {
      origin: `http://evil.example:${url.port}`,
      host: `evil.example:${url.port}`,
    });
    expect(refused).toMatchObject({ opened: false, status: 403 });
    expect(lines.some((line) => line.msg.includes('Host "evil.example'))).toBe(true);
  });

  it("refuses WebSockets from any origin but the page's own, with a log line naming it", async () => {
    const { url, lines } = await inspector();
    const foreign = await connect(`ws://${url.host}/live${url.search}`, {
      origin: 'http://attacker.example',
    });
    expect(foreign).toMatchObject({ opened: false, status: 403 });
    const otherPort = await connect(`ws://${url.host}/live${url.search}`, { origin: 'http://127.0.0.1:1' });
    expect(otherPort.opened).toBe(false);
    const none = await connect(`ws://${url.host}/live${url.search}`);
    expect(none.opened).toBe(false);
    const refusals = lines.filter((line) => line.msg.startsWith('Inspector refused'));
    expect(refusals.map((line) => line.origin)).toEqual([
      'http://attacker.example',
      'http://127.0.0.1:1',
      undefined,
    ]);
    expect(refusals[0]!.msg).toContain('origin "http://attacker.example" is not this page\'s');
  });

  it('pushes to its own page and ignores whatever a client sends', async () => {
    const { actor, url } = await inspectedToggle();
    const page = await connect(`ws://${url.host}/live${url.search}`, { origin: url.origin });
    expect(page.opened).toBe(true);
    cleanups.push(() => page.socket?.terminate());
    const stately = await connect(`ws://${url.host}/stately${url.search}`, { origin: url.origin });
    cleanups.push(() => stately.socket?.terminate());
    await expect.poll(() => page.messages.length).toBeGreaterThanOrEqual(2);
    // A page that tries to drive the system: the message goes nowhere.
    page.socket!.send(
      JSON.stringify({ type: '@xstate.event', sessionId: actor.sessionId, event: { type: 'FLIP' } }),
    );
    page.socket!.send('MARKER_FROM_THE_PAGE, not even JSON');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(actor.getSnapshot().value).toBe('off');
    const relayed = [...stately.messages, ...page.messages].filter((message) =>
      message.includes('MARKER_FROM_THE_PAGE'),
    );
    expect(relayed).toEqual([]);
    const state = JSON.parse(page.messages.at(-1)!);
    expect(state.actors).toEqual([
      expect.objectContaining({ name: 'toggle', state: 'off', machine: 'toggle' }),
    ]);
  });

  it('sends a Stately client what was inspected before it connected, then each event as it happens', async () => {
    const { actor, url } = await inspectedToggle();
    const stately = await connect(`ws://${url.host}/stately${url.search}`, { origin: url.origin });
    cleanups.push(() => stately.socket?.terminate());
    const types = () => stately.messages.map((message) => (JSON.parse(message) as { type: string }).type);
    await expect.poll(() => types()).toContain('@xstate.actor');

    actor.send({ type: 'FLIP' });

    await expect.poll(() => stately.messages.some((message) => message.includes('"FLIP"'))).toBe(true);
  });

  it('refuses a WebSocket at a path it does not serve, with a log line naming the path', async () => {
    const { url, lines } = await inspector();
    const other = await connect(`ws://${url.host}/other${url.search}`, { origin: url.origin });
    expect(other).toMatchObject({ opened: false, status: 403 });
    expect(lines.map((line) => line.msg)).toContain('Inspector refused a request: no WebSocket at /other');
  });
});
