/**
 * Child process of faultsUnderSupervision.test.ts (run with `node --expose-gc --import tsx`, so that heap
 * figures are taken after a real collection): a fault-free run and a run with 1,000 injected faults in the
 * indicator service on the same seeded feed. Prints one JSON line of figures for the test to judge.
 */
import pino from 'pino';
import type { SystemConfigInput } from '../../src/config/systemConfig.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';

const candles = 2_100;
const sampleEvery = 300;

async function probe(faults: number) {
  const config: SystemConfigInput = {
    trading: { data_source: { seed: 7 }, timeframes: ['1'], max_duration_seconds: 600 },
    orchestrator: {
      supervision: {
        strategy: 'one_for_one',
        max_restarts: 100_000,
        restart_window_seconds: 1,
        backoff_initial_ms: 0,
        backoff_max_ms: 0,
      },
    },
    faults: {
      enabled: faults > 0,
      seed: 3,
      rules: [{ service: 'indicator_calculation', event_type: 'NewCandleEvent', every_nth: 2, max: faults }],
    },
  };
  const restartLines: string[] = [];
  const logger = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        if (line.includes('Restarting indicator_calculation')) restartLines.push(JSON.parse(line).msg);
      },
    },
  );
  const system = await createTradingSystem(config, { logger });
  const orders: string[] = [];
  system.bus.subscribe('OrderPlacedEvent', (order) => {
    orders.push(`${order.client_order_id}@${order.price}x${order.size}`);
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap: number[] = [];
  const children: number[] = [];
  await system.run({
    maxCandles: candles,
    onCycle: (count) => {
      if (count > 0 && count % sampleEvery === 0 && heap.length < count / sampleEvery) {
        gc?.();
        gc?.();
        heap.push(process.memoryUsage().heapUsed);
        children.push(Object.keys(system.actor.getSnapshot().children).length);
      }
    },
  });
  await system.stop();
  const metrics = system.getAllMetrics();
  const received = Object.fromEntries(
    Object.entries(metrics.services).map(([name, service]) => [name, service.events_received]),
  );
  return {
    orders,
    heap,
    children,
    restartLines,
    received,
    restarts: metrics.orchestrator.restarts_total,
    errors: metrics.services.indicator_calculation?.errors,
    published: metrics.event_bus.published_by_type,
    status: metrics.orchestrator.status,
    gc: gc !== undefined,
  };
}

const clean = await probe(0);
const faulted = await probe(1_000);
process.stdout.write(`${JSON.stringify({ clean, faulted })}\n`);
