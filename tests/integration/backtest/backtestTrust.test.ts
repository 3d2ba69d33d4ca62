import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import { configFromObject } from '../../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import type { OrderPlacedEvent } from '../../../src/events/tradingEvents.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';
import { createTradingSystem } from '../../../src/system/createTradingSystem.js';
import { SimulatedClock } from '../../../src/util/clock.js';

const quiet: SystemConfigInput = { logging: { level: 'SILENT' } };

function syntheticBars(count: number, seed = 7): Candle[] {
  const source = new SyntheticDataSource({ seed, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
  const bars: Candle[] = [];
  for (let index = 0; index < count; index++) bars.push(source.next('EURUSD') as Candle);
  return bars;
}

const sourceOf = (bars: readonly Candle[]) => new IterableDataSource({ EURUSD: bars });
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const outDirectory = () => mkdtempSync(join(tmpdir(), 'tradestate-backtest-'));

/** The parts of an order that must not depend on how or when the run happened. */
const orderKey = (order: OrderPlacedEvent) =>
  `${order.client_order_id} ${order.intent} ${order.direction} ${order.size} ${order.price}`;

describe('backtest trust', () => {
  const bars = syntheticBars(4_000);
  const config = configFromObject(quiet);

  it('writes a byte-identical trades.csv when the same data and config run twice', async () => {
    const first = await runBacktest(config, { dataSource: sourceOf(bars), outDirectory: outDirectory() });
    const second = await runBacktest(config, { dataSource: sourceOf(bars), outDirectory: outDirectory() });
    expect(first.trips.length).toBeGreaterThan(5);
    expect(hash(first.files!.trades)).toBe(hash(second.files!.trades));
    expect(hash(first.files!.equity)).toBe(hash(second.files!.equity));
  });

  it('recomputes the final equity of report.json to the cent from trades.csv alone', async () => {
    const result = await runBacktest(config, { dataSource: sourceOf(bars), outDirectory: outDirectory() });
    const [header, ...rows] = readFileSync(result.files!.trades, 'utf8').trim().split('\n');
    const columns = header!.split(',');
    const column = (row: string[], name: string) => row[columns.indexOf(name)]!;
    let cents = Math.round(config.trading.initial_balance * 100);
    for (const line of rows) {
      const row = line.split(',');
      const direction = column(row, 'direction') === 'long' ? 1 : -1;
      const gross =
        (Number(column(row, 'exit_price')) - Number(column(row, 'entry_price'))) *
        Number(column(row, 'size')) *
        config.trading.contract_size *
        direction;
      // Recomputed from prices and sizes, not copied from the pnl column.
      expect(Math.abs(gross - Number(column(row, 'gross_pnl')))).toBeLessThan(0.006);
      cents += Math.round(gross * 100) - Math.round(Number(column(row, 'commission')) * 100);
    }
    const report = JSON.parse(readFileSync(result.files!.json, 'utf8'));
    expect(rows.length).toBe(report.summary.trades);
    expect(cents / 100).toBe(report.summary.final_equity);
  });

  it('makes the same decisions up to candle t when every candle after t is altered (no look-ahead)', async () => {
    const cut = 2_500;
    const altered = bars.map((bar, index) => {
      if (index <= cut) return bar;
      const shift = index % 2 === 0 ? 0.004 : -0.004;
      return {
        ...bar,
        open: bar.open + shift,
        high: bar.high + shift,
        low: bar.low + shift,
        close: bar.close + shift,
      };
    });
    const decisions = async (data: readonly Candle[]) => {
      const system = await createTradingSystem(config, { mode: 'backtest', dataSource: sourceOf(data) });
      const seen: string[] = [];
      system.bus.subscribe('EntrySignalEvent', (event) => {
        if (event.candle_time <= data[cut]!.time)
          seen.push(`entry ${event.strategy_name} ${event.direction} ${event.candle_time}`);
      });
      system.bus.subscribe('ExitSignalEvent', (event) => {
        if (event.candle_time <= data[cut]!.time)
          seen.push(`exit ${event.strategy_name} ${event.reason} ${event.candle_time}`);
      });
      await system.run({
        maxCandles: Number.POSITIVE_INFINITY,
        maxDurationSeconds: Number.POSITIVE_INFINITY,
      });
      await system.stop();
      return seen;
    };
    const original = await decisions(bars);
    const withAlteredFuture = await decisions(altered);
    expect(original.length).toBeGreaterThan(5);
    expect(withAlteredFuture).toEqual(original);
  });

  it('places the same orders in a backtest and in the paced run mode on a simulated clock', async () => {
    const data = bars.slice(0, 1_500);
    const collect = async (mode: 'backtest' | 'live') => {
      const clock = new SimulatedClock(data[0]!.time);
      const system = await createTradingSystem(
        configFromObject({ ...quiet, services: { data_fetching: { fetch_interval: 60 } } }),
        { mode, dataSource: sourceOf(data), clock },
      );
      const orders: string[] = [];
      system.bus.subscribe('OrderPlacedEvent', (order) => {
        orders.push(orderKey(order));
      });
      await system.run({ maxCandles: data.length, maxDurationSeconds: Number.POSITIVE_INFINITY });
      await system.stop();
      return orders;
    };
    const backtest = await collect('backtest');
    const paced = await collect('live');
    expect(backtest.length).toBeGreaterThan(4);
    expect(paced).toEqual(backtest);
  });
});

describe('a feed that keeps failing', () => {
  it('ends the run with an error naming the service and the cause once supervision gives up', async () => {
    const { TradingSystemHaltedError } = await import('../../../src/system/tradingSystem.js');
    const failing = {
      name: 'broken-feed',
      next(): never {
        throw new Error('feed unreachable');
      },
      isExhausted: () => false,
    };
    const system = await createTradingSystem(
      configFromObject({ ...quiet, services: { data_fetching: { retry_attempts: 1 } } }),
      { mode: 'backtest', dataSource: failing },
    );
    const run = system.run({ maxCandles: 100, maxDurationSeconds: 60 });
    await expect(run).rejects.toBeInstanceOf(TradingSystemHaltedError);
    await expect(run).rejects.toThrow(/data_fetching FAILED: state FAILED: .*feed unreachable/);
    expect(system.getAllMetrics().orchestrator.status).toBe('degraded');
    await system.stop();
  });
});
