import type { SystemConfig } from '../config/systemConfig.js';
import type { Broker } from './broker.js';
import type { OrderOutbox } from './executionTypes.js';
import type { PositionSizer } from './positionSizer.js';
import type { TradingAuthorizer } from './tradingAuthorizer.js';

/**
 * Options of `TradeExecutor`; the authorizer and sizer default to ones built from `trading` and `risk`.
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * ```
 */
export interface TradeExecutorOptions {
  broker: Broker;
  trading: SystemConfig['trading'];
  risk: SystemConfig['risk'];
  authorizer?: TradingAuthorizer;
  sizer?: PositionSizer;
  /** When given, every order goes through it (outbox before the broker call; see {@link OrderOutbox}). */
  outbox?: OrderOutbox;
}
