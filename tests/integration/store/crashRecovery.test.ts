import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roundCents } from '../../../src/execution/paperPricing.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import {
  type CrashPoint,
  INITIAL_BALANCE,
  newBroker,
  resume,
  runSteps,
  SimulatedCrash,
} from './storeWorkload.js';

const worker = fileURLToPath(new URL('./crashWorker.ts', import.meta.url));
let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tradestate-crash-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** The trades, orders (without wall-clock update times), positions and account of a store. */
function outcome(store: TradingStore) {
  return {
    fills: store.listFills(),
    orders: store.listOrders().map(({ updatedAt: _updatedAt, ...order }) => order),
    positions: store.getPositions(),
    account: store.getAccount(),
    brokerFills: (store.loadBrokerState() as { fills: unknown[] }).fills,
  };
}

async function uninterrupted(steps: number) {
  const store = TradingStore.open(':memory:');
  await runSteps(store, newBroker(), 0, steps);
  const result = outcome(store);
  store.close();
  return result;
}

/** Invariants a store must keep whatever instant the writer died at. */
function expectConsistent(store: TradingStore): void {
  const orders = store.listOrders();
  const fills = store.listFills();
  const filled = orders.filter((order) => order.status === 'filled').map((order) => order.clientOrderId);
  expect(fills.map((fill) => fill.clientOrderId).sort()).toEqual(filled.sort());
  expect(new Set(fills.map((fill) => fill.clientOrderId)).size).toBe(fills.length);
  // The writer has at most one order in flight.
  expect(orders.filter((order) => order.status === 'pending').length).toBeLessThanOrEqual(1);
  let balance = INITIAL_BALANCE;
  for (const fill of fills) balance = roundCents(balance + (fill.realizedPnl ?? 0) - fill.commission);
  expect(store.getAccount()?.balance).toBe(balance);
  // The broker state committed with the fills: it holds exactly the same trades.
  expect((store.loadBrokerState() as { fills: unknown[] }).fills).toEqual(fills);
}

function startWorker(path: string, readyAfter: number): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, path, String(readyAfter)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors += String(chunk);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`worker exited early (${code ?? signal}): ${errors}`)),
    );
  });
  return { child, ready };
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('crash recovery', () => {
  const steps = 16;
  const crashes: CrashPoint[] = [
    { step: 0, point: 'after_intent' },
    { step: 7, point: 'after_intent' },
    { step: 7, point: 'after_broker' },
    { step: 8, point: 'after_broker' },
  ];
  for (const crash of crashes) {
    it(`a crash ${crash.point.replace('_', ' ')} of step ${crash.step} resumes to exactly the uninterrupted run's trades`, async () => {
      const path = join(directory, 'store.db');
      const first = TradingStore.open(path);
      await expect(runSteps(first, newBroker(), 0, steps, { crash })).rejects.toBeInstanceOf(SimulatedCrash);
      first.close();

      const store = TradingStore.open(path);
      expect(store.pendingOrders()).toHaveLength(1);
      const { broker, next } = await resume(store);
      expect(next).toBe(crash.step + 1);
      await runSteps(store, broker, next, steps);
      expect(outcome(store)).toEqual(await uninterrupted(steps));
      store.close();
    });
  }

  it('a store SIGKILLed twice mid-run stays consistent and resumes to the uninterrupted run', async () => {
    const path = join(directory, 'killed.db');
    for (let round = 0; round < 2; round++) {
      const { child, ready } = startWorker(path, 25);
      await ready;
      await killHard(child);
      const store = TradingStore.open(path);
      expectConsistent(store);
      store.close();
    }
    const store = TradingStore.open(path);
    const { broker, next } = await resume(store);
    expect(next).toBeGreaterThanOrEqual(50);
    expect(store.pendingOrders()).toEqual([]);
    await runSteps(store, broker, next, next + 4);
    expectConsistent(store);
    expect(outcome(store)).toEqual(await uninterrupted(next + 4));
    store.close();
  });
});
