import type { SystemConfig } from '../config/systemConfig.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { Broker, Fill, OrderRequest } from './broker.js';
import { clientOrderId } from './clientOrderId.js';
import { OrderRejectedError } from './orderRejectedError.js';
import { PositionSizer } from './positionSizer.js';
import { type AuthorizationResult, TradingAuthorizer } from './tradingAuthorizer.js';

/**
 * A symbol's authorization changed: the service publishes TradingBlockedEvent / TradingAuthorizedEvent.
 *
 * @example
 * ```ts
 * const change: AuthorizationChange = executor.onPrice('EURUSD', 1.1, Date.now());
 * if (change.becameBlocked) console.warn(change.becameBlocked.reasons);
 * ```
 */
export interface AuthorizationChange {
  becameAuthorized?: { symbol: string; reason: string };
  becameBlocked?: { symbol: string; reasons: string[]; details: string[] };
}

/**
 * What one signal led to. `details` of a block name the limit (`max_daily_loss: loss 512.30 >= limit 500`).
 *
 * @example
 * ```ts
 * const result = await executor.execute(signal);
 * if (result.status === 'filled') console.log(result.fill.price);
 * ```
 */
export type ExecutionResult =
  | {
      status: 'filled';
      fill: Fill;
      order: OrderRequest;
      becameAuthorized?: { symbol: string; reason: string };
      /** The order was filled before a restart (found in the outbox): the broker was not called again. */
      replayed?: true;
    }
  | { status: 'blocked'; reasons: string[]; details: string[]; becameBlocked: boolean }
  | { status: 'rejected'; reason: string }
  | { status: 'ignored'; reason: string };

/**
 * The durable order outbox (implemented over the SQLite store by `StoreOrderOutbox`): the executor writes
 * each order before calling the broker and records the outcome after, so a replayed signal finds its order.
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * // TradeExecutor writes each order here before calling the broker, so a restart never sends it twice.
 * const executor = new TradeExecutor({ broker, trading: config.trading, risk: config.risk, outbox: myOutbox });
 * ```
 */
export interface OrderOutbox {
  /** The order already written under `clientOrderId` (a replayed signal), if any. */
  find(clientOrderId: string): { status: 'pending' | 'filled' | 'rejected'; reason?: string } | undefined;
  /** Writes `order` as pending before the broker is called; false when it was already written. */
  recordIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean;
  /** Records the broker's fill (with the resulting position, account and broker state). */
  recordFill(order: OrderRequest, fill: Fill): void;
  recordRejection(order: OrderRequest, reason: string): void;
}

/**
 * Options of {@link TradeExecutor}; the authorizer and sizer default to ones built from `trading` and `risk`.
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
 * const bar = new EventBuilders().candle({ close: 1.1 });
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
  private readonly outbox: OrderOutbox | undefined;

  constructor(options: TradeExecutorOptions) {
    this.broker = options.broker;
    this.outbox = options.outbox;
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
    if (this.outbox !== undefined) {
      const replay = this.replay(id, signal, time, intent);
      if (replay !== undefined) return replay;
    } else if (this.placed.has(id)) return { status: 'ignored', reason: 'duplicate_order' };
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
    // Outbox first: once written, a crash before the fill is resolved by reconciliation on the next start.
    if (this.outbox !== undefined && !this.outbox.recordIntent(order, signal)) {
      return this.replay(id, signal, time, intent) ?? { status: 'ignored', reason: 'duplicate_order' };
    }
    try {
      const fill = await this.broker.placeOrder(order);
      this.placed.add(id);
      this.outbox?.recordFill(order, fill);
      return becameAuthorized === undefined
        ? { status: 'filled', fill, order }
        : { status: 'filled', fill, order, becameAuthorized };
    } catch (error) {
      if (error instanceof OrderRejectedError) {
        this.outbox?.recordRejection(order, error.reason);
        return { status: 'rejected', reason: error.reason };
      }
      throw error;
    }
  }

  /**
   * A signal whose order the outbox already holds (replayed after a restart). A filled one is reported
   * `filled` again with the broker's fill, without calling the broker, so that consumers restored from an
   * older checkpoint (the entry manager) catch up; a rejected one is rejected again. Undefined: a new order.
   */
  private replay(
    id: string,
    signal: EntrySignalEvent | ExitSignalEvent,
    time: number,
    intent: 'open' | 'close',
  ): ExecutionResult | undefined {
    const existing = this.outbox?.find(id);
    if (existing === undefined) return undefined;
    if (existing.status === 'rejected') return { status: 'rejected', reason: existing.reason ?? 'rejected' };
    const fill = existing.status === 'filled' ? findFill(this.broker.getFills(), id) : undefined;
    if (fill === undefined) return { status: 'ignored', reason: 'duplicate_order' };
    const order: OrderRequest = {
      clientOrderId: id,
      symbol: signal.symbol,
      direction: signal.direction,
      size: fill.size,
      intent,
      strategyName: signal.strategy_name,
      referencePrice: signal.price,
      time,
    };
    return { status: 'filled', fill, order, replayed: true };
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

/** The last fill of `clientOrderId` (searched from the end: a replay is usually of a recent order). */
function findFill(fills: readonly Fill[], clientOrderId: string): Fill | undefined {
  for (let index = fills.length - 1; index >= 0; index--) {
    if (fills[index]!.clientOrderId === clientOrderId) return fills[index];
  }
  return undefined;
}

/** Orders go out at the close of the decision candle; a timeframe that is not minutes falls back to the event time. */
function orderTime(signal: EntrySignalEvent | ExitSignalEvent): number {
  const minutes = Number(signal.timeframe);
  return Number.isFinite(minutes) && minutes > 0 ? signal.candle_time + minutes * 60_000 : signal.timestamp;
}
