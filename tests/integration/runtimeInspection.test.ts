import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createInspection, InspectionHostError } from '../../src/ops/createInspection.js';
import { orchestratorFixture } from '../support/actors/orchestratorFixture.js';

interface Received {
  type: string;
  name?: string;
  sessionId?: string;
  snapshot?: { value?: unknown };
}

async function until(predicate: () => boolean, rounds = 400): Promise<void> {
  for (let round = 0; round < rounds && !predicate(); round += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Stately inspection', () => {
  it('publishes actor registrations and snapshots of the orchestrator and every service to a loopback receiver', async () => {
    const receiver = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => receiver.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const received: Received[] = [];
    receiver.on('connection', (socket) =>
      socket.on('message', (data) => received.push(JSON.parse(data.toString()))),
    );
    const port = (receiver.address() as AddressInfo).port;

    const inspection = await createInspection('local', { port, serve: false });
    cleanups.push(() => inspection.stop());
    const { orchestrator } = orchestratorFixture({ inspect: inspection.inspect });
    await orchestrator.start();
    await orchestrator.stop();

    const services = [
      'orchestrator',
      'trade_execution',
      'strategy_evaluation',
      'indicator_calculation',
      'data_fetching',
    ];
    const actorIds = () =>
      new Set(received.filter((event) => event.type === '@xstate.actor').map((event) => event.name));
    const snapshotValuesReceived = () =>
      received.filter((event) => event.type === '@xstate.snapshot').map((event) => event.snapshot?.value);
    // The messages arrive over a socket, some after `stop()` returned: wait for all that the test expects
    // (on a loaded machine the last snapshots came after the first ones had satisfied a looser wait).
    await until(() => {
      const values = snapshotValuesReceived();
      return (
        services.every((id) => actorIds().has(id)) && values.includes('RUNNING') && values.includes('STOPPED')
      );
    });
    for (const id of services) expect(actorIds()).toContain(id);
    const snapshotValues = snapshotValuesReceived();
    expect(snapshotValues).toContain('RUNNING');
    expect(snapshotValues).toContain('STOPPED');
  });

  it('serves the relay on loopback only and refuses any other host', async () => {
    await expect(createInspection('local', { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      InspectionHostError,
    );
    const inspection = await createInspection('local', { port: 0 });
    cleanups.push(() => inspection.stop());
    expect(inspection.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    const page = await fetch(inspection.url).then((response) => response.text());
    expect(page).toContain('tradestate live inspector');
  });
});
