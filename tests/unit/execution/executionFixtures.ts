import {
  type SystemConfig,
  type SystemConfigInput,
  SystemConfigSchema,
} from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../../../src/events/tradingEvents.js';
import type { AccountState, OrderRequest } from '../../../src/execution/broker.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { type BarExecution, TradeExecutor } from '../../../src/execution/tradeExecutor.js';

/**
 * A resolved config with the given trading/risk overrides (defaults: 0.8 pip spread, 0.2 slippage, $7/lot).
 * Fills at the decision price (`fill_price: close`) unless `trading.fill_price` says otherwise: these tests
 * are about authorization, sizing and bookkeeping; the next-open model has its own tests (fillModel.test.ts).
 */
export function makeConfig(
  trading: SystemConfigInput['trading'] = {},
  risk: SystemConfigInput['risk'] = {},
): Pick<SystemConfig, 'trading' | 'risk'> {
  const config = SystemConfigSchema.parse({ trading: { fill_price: 'close', ...trading }, risk });
  return { trading: config.trading, risk: config.risk };
}

export const at = (iso: string): number => Date.parse(iso);

export function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: 'test:EURUSD:1:20250106T100000Z:open',
    symbol: 'EURUSD',
    direction: 'long',
    size: 0.1,
    intent: 'open',
    strategyName: 'test',
    referencePrice: 1.1,
    time: at('2025-01-06T10:01:00Z'),
    ...overrides,
  };
}

export function account(overrides: Partial<AccountState> = {}): AccountState {
  return {
    balance: 10_000,
    equity: 10_000,
    realizedPnl: 0,
    unrealizedPnl: 0,
    peakEquity: 10_000,
    dailyRealizedPnl: 0,
    dayStart: at('2025-01-06T00:00:00Z'),
    commissionPaid: 0,
    ...overrides,
  };
}

let eventCounter = 0;

/** An entry signal on the 1-minute candle opened at `candleIso` (the order goes out one minute later). */
export function entry(candleIso: string, overrides: Partial<EntrySignalEvent> = {}): EntrySignalEvent {
  const candleTime = at(candleIso);
  return {
    type: 'EntrySignalEvent',
    eventId: `e-${++eventCounter}`,
    timestamp: candleTime + 60_000,
    correlationId: 'c-1',
    symbol: 'EURUSD',
    strategy_name: 'ema_cross',
    direction: 'long',
    timeframe: '1',
    candle_time: candleTime,
    price: 1.1,
    ...overrides,
  };
}

export function exit(candleIso: string, overrides: Partial<ExitSignalEvent> = {}): ExitSignalEvent {
  const candleTime = at(candleIso);
  return {
    type: 'ExitSignalEvent',
    eventId: `e-${++eventCounter}`,
    timestamp: candleTime + 60_000,
    correlationId: 'c-1',
    symbol: 'EURUSD',
    strategy_name: 'ema_cross',
    direction: 'long',
    timeframe: '1',
    candle_time: candleTime,
    price: 1.1,
    reason: 'opposite_signal',
    ...overrides,
  };
}

const frictionless = { spread_pips: 0, slippage_pips: 0, commission_per_lot: 0 };

/**
 * A paper broker and an executor with the next-open fill model and no spread, slippage or commission
 * (unless `trading` says otherwise), and `bar()` to feed it one bar of a symbol; what each bar does to the
 * orders is collected in `executions`.
 */
export function barByBar(trading: SystemConfigInput['trading'] = {}, risk: SystemConfigInput['risk'] = {}) {
  const config = makeConfig({ fill_price: 'next_open', broker: frictionless, ...trading }, risk);
  const broker = new PaperBroker({ trading: config.trading });
  const executor = new TradeExecutor({ broker, ...config });
  const executions: BarExecution[] = [];
  const bar = (symbol: string, iso: string, open: number, high: number, low: number, close: number) => {
    const candle: Candle = { time: at(iso), open, high, low, close, volume: 1 };
    executor.onBar(symbol, candle, (execution) => executions.push(execution));
  };
  return { broker, executor, executions, bar };
}
