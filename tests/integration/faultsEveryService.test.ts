import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/configLoader.js';
import type { SystemConfigInput } from '../../src/config/systemConfig.js';
import { FaultInjector } from '../../src/faults/faultInjector.js';
import { createDataSource } from '../../src/market/createDataSource.js';
import type { DataSource } from '../../src/market/dataSource.js';
import { createTradingSystem } from '../../src/system/createTradingSystem.js';
import type { RunSummary } from '../../src/system/runSummary.js';
import { TradingSystemHaltedError } from '../../src/system/tradingSystem.js';
import { SimulatedClock } from '../../src/util/clock.js';
import { silentLogger } from './tradingCycleSupport.js';

/**
 * A fault in each service, once and on every event from a bar on, in a backtest and in the paced live mode
 * driven by a simulated market clock. Supervision runs on real (monotonic) time with a short backoff.
 */
const candles = 600;
const config: SystemConfigInput = {
  trading: { data_source: { seed: 7 }, timeframes: ['1'], max_duration_seconds: 600 },
  services: { data_fetching: { fetch_interval: 60, retry_attempts: 0 } },
  orchestrator: {
    supervision: { max_restarts: 5, restart_window_bars: 100, backoff_initial_ms: 1, backoff_max_ms: 8 },
  },
};

type Mode = 'backtest' | 'live';
type Service = 'data_fetching' | 'indicator_calculation' | 'strategy_evaluation' | 'trade_execution';

/** The event each service's fault hits (data_fetching has no handler: its feed throws instead). */
const faultedEvent: Record<Exclude<Service, 'data_fetching'>, string> = {
  indicator_calculation: 'NewCandleEvent',
  strategy_evaluation: 'IndicatorsCalculatedEvent',
  trade_execution: 'NewCandleEvent',
};

/** The synthetic feed, failing on the `failAt`th poll (once), or on every poll from it (persistent). */
async function feed(failAt?: number, persistent = false): Promise<DataSource> {
  const inner = await createDataSource(configFromObject(config).trading.data_source, { symbols: ['EURUSD'] });
  let polls = 0;
  return {
    name: 'flaky',
    baseTimeframe: inner.baseTimeframe,
    next(symbol) {
      polls += 1;
      if (failAt !== undefined && (polls === failAt || (persistent && polls > failAt))) {
        throw new Error(`feed down at poll ${polls}`);
      }
      return inner.next(symbol);
    },
    isExhausted: (symbol) => inner.isExhausted(symbol),
  };
}

interface Outcome {
  orders: string[];
  /** Candle times of the signals, to pick a candle where a lost evaluation changes nothing. */
  signalTimes: Set<number>;
  candleTimes: number[];
  summary: RunSummary;
  halted: boolean;
  /** The orchestrator's status when the run ended (before the stop). */
  statusAtEnd: string;
}

async function run(
  mode: Mode,
  fault?: { service: Service; at: number; persistent: boolean },
): Promise<Outcome> {
  const faults =
    fault && fault.service !== 'data_fetching'
      ? new FaultInjector({
          rules: [
            {
              service: fault.service,
              event_type: faultedEvent[fault.service] as never,
              ...(fault.persistent ? {} : { at: [fault.at] }),
            },
          ],
        })
      : undefined;
  const source = await feed(
    fault?.service === 'data_fetching' ? fault.at : undefined,
    fault?.persistent ?? false,
  );
  // A persistent handler fault starts at a bar, like the feed's: events before it pass.
  if (faults && fault?.persistent) {
    const check = faults.check.bind(faults);
    let seen = 0;
    faults.check = (service, event) => {
      if (service === fault.service && event.type === faultedEvent[fault.service as 'trade_execution'])
        seen += 1;
      if (seen >= fault.at) check(service, event);
    };
  }
  const system = await createTradingSystem(config, {
    mode,
    dataSource: source,
    logger: silentLogger(),
    ...(mode === 'live' ? { clock: new SimulatedClock(Date.parse('2025-01-06T00:00:00Z')) } : {}),
    ...(faults ? { faults } : {}),
  });
  const orders: string[] = [];
  const signalTimes = new Set<number>();
  const candleTimes: number[] = [];
  system.bus.subscribe('OrderPlacedEvent', (order) => {
    orders.push(`${order.client_order_id} ${order.intent} ${order.direction}@${order.price}x${order.size}`);
  });
  system.bus.subscribe('EntrySignalEvent', (signal) => signalTimes.add(signal.candle_time));
  system.bus.subscribe('ExitSignalEvent', (signal) => signalTimes.add(signal.candle_time));
  system.bus.subscribe('NewCandleEvent', (candle) => candleTimes.push(candle.bar.time));
  let halted = false;
  let statusAtEnd = '';
  try {
    // Live, a degraded system goes on (without a feed, until stopped): one wall-clock second is enough.
    await system.run({
      maxCandles: candles,
      ...(fault?.persistent && mode === 'live' ? { maxDurationSeconds: 1 } : {}),
    });
    statusAtEnd = system.orchestrator.getStatus();
  } catch (error) {
    if (!(error instanceof TradingSystemHaltedError)) throw error;
    halted = true;
    statusAtEnd = system.orchestrator.getStatus();
  } finally {
    await system.stop();
  }
  return { orders, signalTimes, candleTimes, summary: system.summary(), halted, statusAtEnd };
}

/** The first candle number from 300 on whose bar, and the next, decided nothing in the clean run. */
function quietCandle(clean: Outcome): number {
  for (let index = 300; index < clean.candleTimes.length - 1; index++) {
    const time = clean.candleTimes[index]!;
    if (!clean.signalTimes.has(time) && !clean.signalTimes.has(clean.candleTimes[index + 1]!))
      return index + 1;
  }
  throw new Error('no quiet candle');
}

describe.each(['backtest', 'live'] as const)('a fault in each service (%s mode)', (mode) => {
  let clean: Outcome;
  const cleanRun = async () => {
    clean ??= await run(mode);
    return clean;
  };

  it.each(['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution'] as const)(
    '%s failing once: one restart, the fault-free orders, exit code 4 (recovered)',
    async (service) => {
      const reference = await cleanRun();
      expect(reference.orders.length).toBeGreaterThan(4);
      expect(reference.summary.supervision).toMatchObject({ status: 'ok', exit_code: 0, failures: 0 });
      const at = service === 'data_fetching' ? 400 : quietCandle(reference);
      const faulted = await run(mode, { service, at, persistent: false });
      expect(faulted.halted).toBe(false);
      expect(faulted.summary.candles).toBe(candles);
      expect(faulted.orders).toEqual(reference.orders);
      expect(faulted.summary.supervision).toMatchObject({
        status: 'recovered',
        exit_code: 4,
        failures: 1,
        restarts: 1,
        escalation: null,
        services: { [service]: { failures: 1, restarts: 1 } },
      });
      const [incident] = faulted.summary.supervision.incidents;
      expect(incident?.service).toBe(service);
      // The loop waited for the restart: the service was back on the bar it failed on (a backtest's clock
      // stands still meanwhile), or by the next fetch (live: market time moves on by the fetch interval).
      const down = Date.parse(incident!.recovered_at!) - Date.parse(incident!.failed_at);
      expect(down).toBe(mode === 'backtest' ? 0 : 60_000);
    },
  );

  it.each(['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution'] as const)(
    '%s failing on every bar: escalates after max_restarts, exit code 3',
    async (service) => {
      const faulted = await run(mode, { service, at: 300, persistent: true });
      const { supervision } = faulted.summary;
      expect(supervision).toMatchObject({ status: 'degraded', exit_code: 3, failures: 6, restarts: 5 });
      expect(supervision.escalation?.service).toBe(service);
      expect(supervision.escalation?.reason).toBe(
        'restart intensity exceeded: 5 restarts within 100 bars (max 5)',
      );
      expect(supervision.services[service]?.state).toBe('FAILED');
      expect(supervision.affected_period?.from).toBeDefined();
      expect(faulted.statusAtEnd).toBe('degraded');
      if (mode === 'backtest') {
        // A replay ends at the escalation rather than going on without the service.
        expect(faulted.halted).toBe(true);
        expect(faulted.summary.candles).toBeLessThan(320);
      } else {
        // Live trading goes on with trading blocked until someone restarts the service.
        expect(faulted.halted).toBe(false);
        expect(faulted.summary.blocked).toBeGreaterThan(0);
      }
    },
  );
});

describe('logging of failures', () => {
  it('writes one error line per failure and no stack trace at INFO when a strategy throws on every bar', async () => {
    const lines: Array<{ level: number; msg: string; err?: unknown }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const faults = new FaultInjector({
      rules: [{ service: 'strategy_evaluation', event_type: 'IndicatorsCalculatedEvent' }],
    });
    const system = await createTradingSystem(config, {
      mode: 'backtest',
      dataSource: await feed(),
      logger,
      faults,
    });
    await expect(system.run({ maxCandles: candles })).rejects.toBeInstanceOf(TradingSystemHaltedError);
    await system.stop();
    const failures = system.summary().supervision.failures;
    expect(failures).toBe(6);
    const errors = lines.filter((line) => line.level >= 50);
    // Each failure's RUNNING -> FAILED, plus the one escalation line.
    expect(errors.map((line) => line.msg.split(' (')[0])).toEqual([
      ...Array.from({ length: failures }, () => 'RUNNING -> FAILED'),
      'Escalation: restart intensity exceeded: 5 restarts within 100 bars',
    ]);
    expect(lines.some((line) => line.err !== undefined)).toBe(false);
  });
});
