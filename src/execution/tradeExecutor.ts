import type { SystemConfig } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import { type InstrumentProfile, resolveInstrument } from '../instruments/instrumentProfile.js';
import { copyData } from '../util/copyData.js';
import { AuthorizationTracker } from './authorizationTracker.js';
import { BlockedPeriodLog } from './blockedPeriodLog.js';
import type { Broker, Fill, OrderRequest } from './broker.js';
import { brokerSideExit, orderTime } from './brokerSideExit.js';
import { clientOrderId } from './clientOrderId.js';
import { closingOrder } from './closingOrder.js';
import type {
  AuthorizationChange,
  BarExecution,
  ExecutionResult,
  OrderOutbox,
  TradeExecutorState,
} from './executionTypes.js';
import { FillLookup } from './fillLookup.js';
import { HeldLevels } from './heldLevels.js';
import { intrabarExit } from './intrabarExit.js';
import { marginStopOut } from './marginStopOut.js';
import { OrderRejectedError } from './orderRejectedError.js';
import { brokerPositionIndices } from './positionIndex.js';
import { PositionSizer } from './positionSizer.js';
import { reportRecoveredExits } from './recoveredExits.js';
import { replayedResult } from './replayedResult.js';
import { settleBarResult } from './settleBarResult.js';
import type { TradeExecutorOptions } from './tradeExecutorOptions.js';
import { TradingAuthorizer } from './tradingAuthorizer.js';
import { limitOnTick, WorkingOrderBook } from './workingOrders.js';

export { ALL_SYMBOLS } from './authorizationTracker.js';
export type {
  AuthorizationChange,
  BarExecution,
  ExecutionResult,
  OrderOutbox,
  TradeExecutorState,
  WorkingOrder,
} from './executionTypes.js';
export type { TradeExecutorOptions } from './tradeExecutorOptions.js';

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
 * const { trading, risk } = config;
 * const executor = new TradeExecutor({ broker: new PaperBroker({ trading }), trading, risk });
 * bus.subscribe('NewCandleEvent', ({ symbol, bar }) => {
 *   // Fills the orders queued at the previous close at this bar's open, then checks stops and targets.
 *   executor.onBar(symbol, bar, ({ result }) => console.log(result.status));
 *   const change = executor.onPrice(symbol, bar.close, bar.time + 60_000);
 *   if (change.becameBlocked) console.warn(change.becameBlocked.details.join('; '));
 * });
 * bus.subscribe('EntrySignalEvent', async (signal) => {
 *   const result = await executor.execute(signal);
 *   if (result.status === 'queued') console.log('fills at the next open:', result.order.size, 'lots');
 * });
 * ```
 */
export class TradeExecutor {
  private readonly broker: Broker;
  private readonly authorizer: TradingAuthorizer;
  private readonly sizer: PositionSizer;
  private readonly authorization: AuthorizationTracker;
  private readonly placed: Set<string>;
  private readonly fillLookup = new FillLookup();
  private readonly outbox: OrderOutbox | undefined;
  private readonly trading: SystemConfig['trading'];
  private readonly working: WorkingOrderBook;
  private readonly held = new HeldLevels();
  /** The held levels' own map, read directly on every bar (see {@link HeldLevels}). */
  private readonly levels = this.held.bySymbol;
  private readonly profiles = new Map<string, InstrumentProfile>();
  /** Changes of the levels, rejections and cancellations (see {@link version}). */
  private changes = 0;
  /** Every period in which new entries were blocked, with its reason. */
  readonly blocks = new BlockedPeriodLog();
  /** Orders the broker refused, by reason (`insufficient_margin`, ...). */
  readonly rejections = new Map<string, number>();
  /** Working orders cancelled, by reason (`limit_expired`). */
  readonly cancellations = new Map<string, number>();

  constructor(options: TradeExecutorOptions) {
    this.broker = options.broker;
    this.outbox = options.outbox;
    this.trading = options.trading;
    this.working = new WorkingOrderBook(options.trading.limit_expiry_bars);
    this.authorizer = options.authorizer ?? new TradingAuthorizer(options.trading, options.risk);
    this.authorization = new AuthorizationTracker(this.authorizer, this.broker, this.blocks);
    this.sizer =
      options.sizer ?? new PositionSizer(options.trading, options.risk, (symbol) => this.instrument(symbol));
    // Seeded from the broker so that a restored account still recognises replayed signals.
    this.placed = new Set(this.broker.getFills().map((fill) => fill.clientOrderId));
  }

  /** The instrument profile of `symbol` (the broker's own when it has one). */
  instrument(symbol: string): InstrumentProfile {
    let profile = this.profiles.get(symbol);
    if (profile === undefined) {
      const broker = this.broker as Partial<{ profile(symbol: string): InstrumentProfile }>;
      profile = broker.profile?.(symbol) ?? resolveInstrument(symbol, this.trading);
      this.profiles.set(symbol, profile);
    }
    return profile;
  }

  /**
   * What the executor must carry over a restart of the process: working orders (with their signals),
   * the stops and targets of open positions, the blocked periods, refusals and the drawdown state.
   */
  snapshot(): TradeExecutorState {
    // Taken at every cycle's end by a durable run: a walk over plain data, not a structured clone.
    return {
      version: 1 as const,
      working: copyData(this.working.orders),
      levels: copyData(this.held.entries()),
      blocks: this.blocks.snapshot(),
      rejections: [...this.rejections.entries()],
      cancellations: [...this.cancellations.entries()],
      drawdown: this.authorizer.snapshot(),
    };
  }

  /**
   * Changes whenever what {@link snapshot} returns changes (a sum of counters that only grow): a durable
   * store reads the snapshot again only then, not at every cycle.
   */
  get version(): number {
    return this.changes + this.working.version + this.blocks.version + this.authorizer.version;
  }

  /** Restores a {@link snapshot} (from a checkpoint of the same run). */
  restore(state: TradeExecutorState): void {
    this.changes++;
    const copy = structuredClone(state);
    this.working.replace(copy.working);
    this.held.restore(copy.levels);
    this.blocks.restore(copy.blocks);
    this.rejections.clear();
    for (const [reason, count] of copy.rejections) this.rejections.set(reason, count);
    this.cancellations.clear();
    for (const [reason, count] of copy.cancellations ?? []) this.cancellations.set(reason, count);
    this.authorizer.restore(copy.drawdown);
  }

  /** Orders accepted and waiting for the next bar's open, or for the market to reach their limit. */
  workingOrders(): readonly OrderRequest[] {
    return this.working.orders.map((working) => working.order);
  }

  /**
   * Authorizes, sizes and places one signal; returns what happened so the service can publish the events.
   * With `trading.fill_price: next_open` (the default) an accepted order is `queued`: {@link onBar} fills it
   * at the next bar's open. Exits for `end_of_data` and `manual` fill at once at the signal's price.
   */
  async execute(signal: EntrySignalEvent | ExitSignalEvent): Promise<ExecutionResult> {
    return this.executeNow(signal);
  }

  /**
   * {@link execute}, answered at once when the broker (and the outbox) are synchronous: a backtest's
   * signals then take no promise. A promise only when the broker answers asynchronously.
   *
   * @example
   * ```ts
   * const outcome = executor.executeNow(signal);
   * const result = outcome instanceof Promise ? await outcome : outcome;
   * ```
   */
  executeNow(signal: EntrySignalEvent | ExitSignalEvent): ExecutionResult | Promise<ExecutionResult> {
    const time = orderTime(signal);
    this.authorization.seen(signal.symbol, time);
    const intent = signal.type === 'EntrySignalEvent' ? 'open' : 'close';
    const immediate =
      signal.type === 'ExitSignalEvent' && (signal.reason === 'end_of_data' || signal.reason === 'manual');
    const limit =
      signal.type === 'EntrySignalEvent' && signal.limit_price !== undefined
        ? limitOnTick(signal.direction, signal.limit_price, this.instrument(signal.symbol).tickSize)
        : undefined;
    // Closing now supersedes an exit still waiting for the next open (there is none at the end of data).
    if (immediate) this.working.drop(signal.symbol, signal.strategy_name);
    else {
      const working = this.working.find(signal.symbol, signal.strategy_name, intent);
      // A newer entry decision replaces a limit entry the market has not reached.
      if (working?.order.orderType === 'limit')
        this.working.drop(signal.symbol, signal.strategy_name, intent);
      else if (working !== undefined) return { status: 'ignored', reason: 'order_working' };
    }
    const id = clientOrderId(
      signal.strategy_name,
      signal.symbol,
      signal.timeframe,
      signal.candle_time,
      intent,
    );
    if (this.outbox !== undefined) {
      const replay = replayedResult(this.outbox, this.fillLookup, this.broker, id, signal, time, intent);
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
      // A limit entry's reference is its limit, on the instrument's tick (see WorkingOrderBook).
      referencePrice: limit ?? signal.price,
      // A fill belongs to the bar it happens in: at this bar's close, stamped with the bar's opening time.
      time: signal.candle_time,
    };
    // Assignments, not spreads of conditional objects (those leave V8's fast path); same key order.
    if (signal.type === 'ExitSignalEvent') order.reason = signal.reason;
    if (limit !== undefined) order.orderType = 'limit';
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
        {
          price: limit ?? signal.price,
          stopLoss: signal.stop_loss,
          direction: signal.direction,
          symbol: signal.symbol,
          rate: this.sizingRate(signal.symbol, limit ?? signal.price, signal.candle_time),
        },
        account,
      );
      const verdict = this.authorization.withExternal(
        signal.symbol,
        this.authorizer.check(
          { symbol: signal.symbol, time, size: sizing.size, intent },
          account,
          this.broker.getPositions(),
        ),
      );
      const change = this.authorization.record(signal.symbol, verdict, time);
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
    // A limit entry always waits: for a later bar that reaches its price (see WorkingOrderBook).
    if ((this.trading.fill_price === 'next_open' || limit !== undefined) && !immediate) {
      this.working.add({ order, signal });
      return becameAuthorized === undefined
        ? { status: 'queued', order }
        : { status: 'queued', order, becameAuthorized };
    }
    const outcome = this.place(order, signal);
    if (becameAuthorized === undefined) return outcome;
    const authorized = becameAuthorized;
    if (outcome instanceof Promise) return outcome.then((result) => withAuthorization(result, authorized));
    return withAuthorization(outcome, authorized);
  }

  /**
   * The market moved through one closed bar of `symbol`, before any strategy looks at it. In order:
   * working orders fill at the bar's open (an exit for a position already gone is dropped); stops and
   * targets of the open positions are checked against the bar's range ({@link intrabarExit}); the
   * margin level is checked inside the bar against its adverse extreme ({@link marginStopOut}): when equity
   * falls to `trading.stop_out_percent` of the used margin every position of the symbol is closed where
   * that happened (`margin_call`); then the positions are marked at the close. Each outcome goes to
   * `report` as it happens (later for a broker that answers asynchronously).
   */
  onBar(
    symbol: string,
    bar: Candle,
    report: (execution: BarExecution) => void,
    cause?: { eventId: string; correlationId: string; timestamp: number; timeframe: string },
  ): void {
    // Index loops on this path: it runs on every bar, mostly over empty lists, and an iterator per loop
    // showed in the profile.
    const outcomes = this.working.take(symbol, bar);
    for (let index = 0; index < outcomes.length; index++) {
      const outcome = outcomes[index]!;
      const { order, signal } = outcome.working;
      if (outcome.action === 'cancel') {
        this.cancellations.set(outcome.reason, (this.cancellations.get(outcome.reason) ?? 0) + 1);
        this.changes++;
        report({ result: { status: 'cancelled', reason: outcome.reason, order }, signal });
        continue;
      }
      const filled: OrderRequest = Object.assign({}, order);
      filled.referencePrice = outcome.referencePrice;
      filled.time = bar.time;
      if (outcome.orderType === 'limit') filled.orderType = 'limit';
      // Filled already: re-sent when the store was reconciled after a crash. Reported again so that the
      // strategies, restored from the checkpoint before it, learn of it.
      const done = this.fillLookup.find(this.broker.getFills(), order.clientOrderId);
      if (done !== undefined) {
        if (this.held.remember(filled, signal, this.trading.fill_price)) this.changes++;
        report({ result: { status: 'filled', fill: done, order: filled, replayed: true }, signal });
        continue;
      }
      if (order.intent === 'close') {
        const position = this.positionOf(symbol, order.strategyName);
        if (position === undefined || position.direction !== order.direction) continue;
        filled.size = position.size;
      }
      settleBarResult(this.place(filled, signal), report, signal);
    }
    // Without stops or targets held in this symbol there is nothing to recover nor to check.
    const held = this.levels.get(symbol);
    if (held !== undefined && held.size > 0) {
      const before = held.size;
      reportRecoveredExits(held, this.broker, symbol, bar, report);
      if (held.size !== before) this.changes++;
      const positions = this.broker.getPositions();
      const indices = this.positionIndices(symbol);
      const count = indices === undefined ? positions.length : indices.length;
      for (let next = 0; next < count; next++) {
        const position = positions[indices === undefined ? next : indices[next]!]!;
        if (position.symbol !== symbol) continue;
        const levels = held.get(position.strategyName);
        if (levels === undefined) continue;
        const exit = intrabarExit(position.direction, levels, bar);
        if (exit === undefined) continue;
        const order = closingOrder(position, exit.price, bar.time, exit.reason, exit.orderType);
        settleBarResult(this.place(order, brokerSideExit(order, cause)), report);
      }
    }
    if ((this.broker.getAccount().usedMargin ?? 0) > 0) {
      const tick = this.instrument(symbol).tickSize;
      const stopOut = marginStopOut(this.broker, symbol, bar, this.trading.stop_out_percent, tick);
      if (stopOut !== undefined) this.marginCall(symbol, stopOut.price, bar.time, report, cause);
    }
    this.broker.markToMarket(symbol, bar.close, bar.time);
    const account = this.broker.getAccount();
    const used = account.usedMargin ?? 0;
    // Positions that offset each other inside the bar are judged at the close.
    if (used > 0 && (account.equity / used) * 100 <= this.trading.stop_out_percent)
      this.marginCall(symbol, bar.close, bar.time, report, cause);
  }

  /** Closes every position of `symbol` at `price` (plus spread and slippage) as a margin call. */
  private marginCall(
    symbol: string,
    price: number,
    time: number,
    report: (execution: BarExecution) => void,
    cause: Parameters<TradeExecutor['onBar']>[3],
  ): void {
    for (const position of this.broker.getPositions()) {
      if (position.symbol !== symbol) continue;
      const order = closingOrder(position, price, time, 'margin_call', 'market');
      settleBarResult(this.place(order, brokerSideExit(order, cause)), report);
    }
  }

  /** The broker's index of the positions of `symbol` when it keeps one (the paper broker). */
  private positionIndices(symbol: string): readonly number[] | undefined {
    return brokerPositionIndices(this.broker, symbol);
  }

  private positionOf(symbol: string, strategyName: string) {
    return this.broker
      .getPositions()
      .find((open) => open.symbol === symbol && open.strategyName === strategyName);
  }

  /**
   * Quote → account rate for sizing at `time`: the broker's own when it converts (the paper broker: direct,
   * inverse, series, fixed or through another symbol); else 1 in the account's currency, 1 / price for an
   * inverse pair, or the fixed rate.
   */
  private sizingRate(symbol: string, price: number, time: number): number {
    const broker = this.broker as Partial<{
      conversionRate(symbol: string, price: number, time: number): number;
    }>;
    if (broker.conversionRate !== undefined) return broker.conversionRate(symbol, price, time);
    const profile = this.instrument(symbol);
    const account = this.trading.account_currency;
    if (profile.quoteCurrency === account) return 1;
    if (profile.baseCurrency === account) return 1 / price;
    return this.trading.conversion_rates[`${profile.quoteCurrency}/${account}`] ?? 1;
  }

  /**
   * Sends `order` to the broker (through the outbox when there is one) and reports the fill or the
   * rejection. Synchronous when the broker is, so a bar's fills are published before the bar is evaluated.
   */
  private place(
    order: OrderRequest,
    signal?: EntrySignalEvent | ExitSignalEvent,
  ): ExecutionResult | Promise<ExecutionResult> {
    // Outbox first: once written, a crash before the fill is resolved by reconciliation on the next start.
    if (signal !== undefined && this.outbox !== undefined && !this.outbox.recordIntent(order, signal)) {
      return (
        replayedResult(
          this.outbox,
          this.fillLookup,
          this.broker,
          order.clientOrderId,
          signal,
          order.time,
          order.intent,
        ) ?? {
          status: 'ignored',
          reason: 'duplicate_order',
        }
      );
    }
    let outcome: Fill | Promise<Fill>;
    try {
      outcome = this.broker.placeOrder(order);
    } catch (error) {
      return this.rejected(error, order, signal);
    }
    // Closures only for a broker that answers later: a synchronous fill takes none.
    if (outcome instanceof Promise) {
      return outcome.then(
        (fill) => this.filled(fill, order, signal),
        (error: unknown) => this.rejected(error, order, signal),
      );
    }
    return this.filled(outcome, order, signal);
  }

  /** Books a fill of `order`: recognised as placed, recorded in the outbox, its levels held. */
  private filled(
    fill: Fill,
    order: OrderRequest,
    signal?: EntrySignalEvent | ExitSignalEvent,
  ): ExecutionResult {
    this.placed.add(order.clientOrderId);
    if (signal !== undefined) this.outbox?.recordFill(order, fill);
    if (this.held.remember(order, signal, this.trading.fill_price)) this.changes++;
    return { status: 'filled', fill, order };
  }

  /** Counts and records a refusal of `order`; an error that is not a refusal is thrown on. */
  private rejected(
    error: unknown,
    order: OrderRequest,
    signal?: EntrySignalEvent | ExitSignalEvent,
  ): ExecutionResult {
    if (!(error instanceof OrderRejectedError)) throw error;
    this.rejections.set(error.reason, (this.rejections.get(error.reason) ?? 0) + 1);
    this.changes++;
    if (signal !== undefined) this.outbox?.recordRejection(order, error.reason);
    const detail = /\((.*)\)$/.exec(error.message)?.[1];
    return detail === undefined
      ? { status: 'rejected', reason: error.reason }
      : { status: 'rejected', reason: error.reason, detail };
  }

  /**
   * Marks `symbol` to market at `price` (the close of a base candle; `time` its close time) and re-checks
   * whether a position could be opened, reporting a change of authorization.
   */
  onPrice(symbol: string, price: number, time: number): AuthorizationChange {
    this.broker.markToMarket(symbol, price, time);
    return this.authorization.recheck(symbol, time);
  }

  /**
   * Sets or clears an external block reason (`service_failed`, `stale_data`, ...) for `symbol`, or for every
   * symbol with {@link ALL_SYMBOLS}; returns the changes it causes (see {@link AuthorizationTracker}).
   */
  setExternalBlock(symbol: string, reason: string, active: boolean): AuthorizationChange[] {
    return this.authorization.setExternalBlock(symbol, reason, active);
  }

  /** The reasons currently reported as blocking `symbol` (empty when authorized). */
  blockedReasons(symbol: string): string[] {
    return this.authorization.blockedReasons(symbol);
  }
}

/** A fill that also found its symbol's reported block gone carries that news. */
function withAuthorization(
  result: ExecutionResult,
  becameAuthorized: NonNullable<AuthorizationChange['becameAuthorized']>,
): ExecutionResult {
  return result.status === 'filled' ? { ...result, becameAuthorized } : result;
}
