import type { SystemConfig } from '../config/systemConfig.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { Broker, Fill, OrderRequest } from './broker.js';
import { clientOrderId } from './clientOrderId.js';
import { OrderRejectedError } from './orderRejectedError.js';
import { PositionSizer } from './positionSizer.js';
import { type AuthorizationResult, TradingAuthorizer } from './tradingAuthorizer.js';

/** A symbol's authorization changed: the service publishes TradingBlockedEvent / TradingAuthorizedEvent. */
export interface AuthorizationChange {
  becameAuthorized?: { symbol: string; reason: string };
  becameBlocked?: { symbol: string; reasons: string[]; details: string[] };
}

/** What one signal led to. `details` of a block name the limit (`max_daily_loss: loss 512.30 >= limit 500`). */
export type ExecutionResult =
  | {
      status: 'filled';
      fill: Fill;
      order: OrderRequest;
      becameAuthorized?: { symbol: string; reason: string };
    }
  | { status: 'blocked'; reasons: string[]; details: string[]; becameBlocked: boolean }
  | { status: 'rejected'; reason: string }
  | { status: 'ignored'; reason: string };

/** Options of {@link TradeExecutor}; the authorizer and sizer default to ones built from `trading` and `risk`. */
export interface TradeExecutorOptions {
  broker: Broker;
  trading: SystemConfig['trading'];
  risk: SystemConfig['risk'];
  authorizer?: TradingAuthorizer;
  sizer?: PositionSizer;
}

/** Blocks that apply to every symbol are set with this symbol. */
export const ALL_SYMBOLS = '*';

const NO_CHANGE: AuthorizationChange = Object.freeze({});

/**
 * Turns signals into orders: ignores what makes no sense (a duplicate, an entry while the strategy's
 * position is open, an exit without one), authorizes (exits always pass), sizes, places the order on the
 * broker and reports what happened, so that the service around it only publishes events and counts.
 *
 * It also keeps, per symbol, the last *reported* authorization (the set of block reasons) and reports a
 * change once: a block when the set of reasons changes, an authorization when it empties. The set is
 * re-checked on each price (`onPrice`, once per base candle) with a probe "could a position be opened now?",
 * so the end of a news window, the opening of a session or a new UTC day is reported at the next candle.
 * External reasons (`service_failed`, `stale_data`, ...) come from {@link setExternalBlock}.
 *
 * Orders are timed at the close of the decision candle (`candle_time` + timeframe minutes); the order id is
 * {@link clientOrderId}, so a replayed signal is recognised and ignored (`duplicate_order`).
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new PaperBroker({ trading }), trading, risk });
 * const change = executor.onPrice('EURUSD', bar.close, bar.time + 60_000);
 * if (change.becameBlocked) publish('TradingBlockedEvent', change.becameBlocked);
 * const result = await executor.execute(entrySignal);
 * if (result.status === 'filled') publish('OrderPlacedEvent', result.fill);
 * ```
 */
export class TradeExecutor {
  private readonly broker: Broker;
  private readonly authorizer: TradingAuthorizer;
  private readonly sizer: PositionSizer;
  /** Symbol → comma-joined reasons last reported as blocking it; absent = authorized. */
  private readonly reported = new Map<string, string>();
  private readonly external = new Map<string, Set<string>>();
  private readonly lastTime = new Map<string, number>();
  private readonly placed: Set<string>;

  constructor(options: TradeExecutorOptions) {
    this.broker = options.broker;
    this.authorizer = options.authorizer ?? new TradingAuthorizer(options.trading, options.risk);
    this.sizer = options.sizer ?? new PositionSizer(options.trading, options.risk);
    // Seeded from the broker so that a restored account still recognises replayed signals.
    this.placed = new Set(this.broker.getFills().map((fill) => fill.clientOrderId));
  }

  /** Authorizes, sizes and places one signal; returns what happened so the service can publish the events. */
  async execute(signal: EntrySignalEvent | ExitSignalEvent): Promise<ExecutionResult> {
    const time = orderTime(signal);
    this.lastTime.set(signal.symbol, time);
    const intent = signal.type === 'EntrySignalEvent' ? 'open' : 'close';
    const id = clientOrderId(
      signal.strategy_name,
      signal.symbol,
      signal.timeframe,
      signal.candle_time,
      intent,
    );
    if (this.placed.has(id)) return { status: 'ignored', reason: 'duplicate_order' };
    const position = this.broker
      .getPositions()
      .find((open) => open.symbol === signal.symbol && open.strategyName === signal.strategy_name);
    const order: OrderRequest = {
      clientOrderId: id,
      symbol: signal.symbol,
      direction: signal.direction,
      size: 0,
      intent,
      strategyName: signal.strategy_name,
      referencePrice: signal.price,
      time,
    };
    let becameAuthorized: AuthorizationChange['becameAuthorized'];
    if (signal.type === 'ExitSignalEvent') {
      if (position === undefined) return { status: 'ignored', reason: 'no_open_position' };
      if (position.direction !== signal.direction) return { status: 'ignored', reason: 'direction_mismatch' };
      // Closing is never blocked (the authorizer allows every close), so the block state is left alone.
      order.size = position.size;
    } else {
      if (position !== undefined) return { status: 'ignored', reason: 'position_open' };
      const account = this.broker.getAccount();
      const sizing = this.sizer.evaluate(
        { price: signal.price, stopLoss: signal.stop_loss, direction: signal.direction },
        account,
      );
      const verdict = this.withExternal(
        signal.symbol,
        this.authorizer.check(
          { symbol: signal.symbol, time, size: sizing.size, intent },
          account,
          this.broker.getPositions(),
        ),
      );
      const change = this.record(signal.symbol, verdict);
      if (!verdict.allowed) {
        return {
          status: 'blocked',
          reasons: verdict.reasons,
          details: verdict.details,
          becameBlocked: change.becameBlocked !== undefined,
        };
      }
      becameAuthorized = change.becameAuthorized;
      if (sizing.size === 0) return { status: 'rejected', reason: sizing.reason ?? 'size_below_minimum' };
      order.size = sizing.size;
    }
    try {
      const fill = await this.broker.placeOrder(order);
      this.placed.add(id);
      return becameAuthorized === undefined
        ? { status: 'filled', fill, order }
        : { status: 'filled', fill, order, becameAuthorized };
    } catch (error) {
      if (error instanceof OrderRejectedError) return { status: 'rejected', reason: error.reason };
      throw error;
    }
  }

  /**
   * Marks `symbol` to market at `price` (the close of a base candle; `time` its close time) and re-checks
   * whether a position could be opened, reporting a change of authorization.
   */
  onPrice(symbol: string, price: number, time: number): AuthorizationChange {
    this.broker.markToMarket(symbol, price, time);
    this.lastTime.set(symbol, time);
    return this.record(symbol, this.probe(symbol, time));
  }

  /**
   * Sets or clears an external block reason (`service_failed`, `stale_data`, ...) for `symbol`, or for every
   * symbol with {@link ALL_SYMBOLS}. Returns the changes it causes for symbols already seen (re-checked at
   * their last time); a symbol not seen yet is judged on its external reasons alone.
   */
  setExternalBlock(symbol: string, reason: string, active: boolean): AuthorizationChange[] {
    const reasons = this.external.get(symbol) ?? new Set<string>();
    if (active) reasons.add(reason);
    else reasons.delete(reason);
    if (reasons.size > 0) this.external.set(symbol, reasons);
    else this.external.delete(symbol);
    const symbols = symbol === ALL_SYMBOLS ? [...this.lastTime.keys()] : [symbol];
    const changes: AuthorizationChange[] = [];
    for (const affected of symbols) {
      const time = this.lastTime.get(affected);
      const verdict =
        time === undefined
          ? this.withExternal(affected, { allowed: true, reasons: [], details: [] })
          : this.probe(affected, time);
      const change = this.record(affected, verdict);
      if (change !== NO_CHANGE) changes.push(change);
    }
    return changes;
  }

  /** The reasons currently reported as blocking `symbol` (empty when authorized). */
  blockedReasons(symbol: string): string[] {
    const key = this.reported.get(symbol);
    return key === undefined ? [] : key.split(',');
  }

  private probe(symbol: string, time: number): AuthorizationResult {
    const account = this.broker.getAccount();
    const verdict = this.authorizer.check(
      { symbol, time, size: 0, intent: 'open' },
      account,
      this.broker.getPositions(),
    );
    return this.withExternal(symbol, verdict);
  }

  private withExternal(symbol: string, verdict: AuthorizationResult): AuthorizationResult {
    const own = this.external.get(symbol);
    const all = this.external.get(ALL_SYMBOLS);
    if (own === undefined && all === undefined) return verdict;
    const external = [...new Set([...(all ?? []), ...(own ?? [])])].sort();
    return {
      allowed: false,
      reasons: [...verdict.reasons, ...external.filter((reason) => !verdict.reasons.includes(reason))],
      details: [...verdict.details, ...external.map((reason) => `${reason}: set externally`)],
    };
  }

  private record(symbol: string, verdict: AuthorizationResult): AuthorizationChange {
    const previous = this.reported.get(symbol);
    if (verdict.allowed) {
      if (previous === undefined) return NO_CHANGE;
      this.reported.delete(symbol);
      return { becameAuthorized: { symbol, reason: `${previous.split(',').join(', ')} cleared` } };
    }
    const key = verdict.reasons.join(',');
    if (key === previous) return NO_CHANGE;
    this.reported.set(symbol, key);
    return { becameBlocked: { symbol, reasons: verdict.reasons, details: verdict.details } };
  }
}

/** Orders go out at the close of the decision candle; a timeframe that is not minutes falls back to the event time. */
function orderTime(signal: EntrySignalEvent | ExitSignalEvent): number {
  const minutes = Number(signal.timeframe);
  return Number.isFinite(minutes) && minutes > 0 ? signal.candle_time + minutes * 60_000 : signal.timestamp;
}
