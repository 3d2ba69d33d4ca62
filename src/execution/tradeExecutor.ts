import type { SystemConfig } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import { type InstrumentProfile, resolveInstrument } from '../instruments/instrumentProfile.js';
import { AuthorizationTracker } from './authorizationTracker.js';
import { BlockedPeriodLog } from './blockedPeriodLog.js';
import type { Broker, OrderRequest } from './broker.js';
import { orderTime } from './brokerSideExit.js';
import { clientOrderId } from './clientOrderId.js';
import { closingOrder } from './closingOrder.js';
import type {
  AuthorizationChange,
  BarExecution,
  ExecutionResult,
  OrderOutbox,
  TradeExecutorState,
} from './executionTypes.js';
import { ExecutorCheckpoint } from './executorCheckpoint.js';
import { FillLookup } from './fillLookup.js';
import { HeldLevels } from './heldLevels.js';
import { intrabarExit } from './intrabarExit.js';
import { marginStopOut } from './marginStopOut.js';
import { OrderPlacement } from './orderPlacement.js';
import { brokerPositionIndices } from './positionIndex.js';
import { PositionSizer } from './positionSizer.js';
import { reportRecoveredExits } from './recoveredExits.js';
import { replayedResult } from './replayedResult.js';
import { settleBarResult } from './settleBarResult.js';
import { signalOrder } from './signalOrder.js';
import { sizingRate } from './sizingRate.js';
import type { TradeExecutorOptions } from './tradeExecutorOptions.js';
import { TradingAuthorizer } from './tradingAuthorizer.js';
import { withAuthorization } from './withAuthorization.js';
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
  private readonly placement: OrderPlacement;
  private readonly checkpoint: ExecutorCheckpoint;
  /** Changes of the levels and cancellations (see {@link version}; the placement counts its own). */
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
    this.placement = new OrderPlacement(
      this.broker,
      this.outbox,
      this.fillLookup,
      this.placed,
      this.held,
      this.rejections,
      this.trading,
    );
    this.checkpoint = new ExecutorCheckpoint(
      this.working,
      this.held,
      this.blocks,
      this.rejections,
      this.cancellations,
      this.authorizer,
    );
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
    return this.checkpoint.take();
  }

  /**
   * Changes whenever what {@link snapshot} returns changes (a sum of counters that only grow): a durable
   * store reads the snapshot again only then, not at every cycle.
   */
  get version(): number {
    return (
      this.changes +
      this.placement.changes +
      this.working.version +
      this.blocks.version +
      this.authorizer.version
    );
  }

  /** Restores a {@link snapshot} (from a checkpoint of the same run). */
  restore(state: TradeExecutorState): void {
    this.changes++;
    this.checkpoint.restore(state);
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
    const order = signalOrder(signal, id, intent, limit);
    let becameAuthorized: AuthorizationChange['becameAuthorized'];
    if (signal.type === 'ExitSignalEvent') {
      if (position === undefined) return { status: 'ignored', reason: 'no_open_position' };
      if (position.direction !== signal.direction) return { status: 'ignored', reason: 'direction_mismatch' };
      // Closing is never blocked (the authorizer allows every close), so the block state is left alone.
      order.size = position.size;
    } else {
      if (position !== undefined) return { status: 'ignored', reason: 'position_open' };
      const account = this.broker.getAccount();
      const price = limit ?? signal.price;
      const sizing = this.sizer.evaluate(
        {
          price,
          stopLoss: signal.stop_loss,
          direction: signal.direction,
          symbol: signal.symbol,
          rate: sizingRate(this.broker, this.trading, this, signal.symbol, price, signal.candle_time),
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
      if (sizing.size === 0) {
        const reason = sizing.reason ?? 'size_below_minimum';
        // Counted with the broker's refusals: a run whose every entry was sized to nothing (whole shares
        // of 0.1 lot, no stop for risk sizing) must not report 0 orders rejected.
        this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
        this.changes++;
        return { status: 'rejected', reason };
      }
      order.size = sizing.size;
    }
    // A limit entry always waits: for a later bar that reaches its price (see WorkingOrderBook).
    if ((this.trading.fill_price === 'next_open' || limit !== undefined) && !immediate) {
      this.working.add({ order, signal });
      return becameAuthorized === undefined
        ? { status: 'queued', order }
        : { status: 'queued', order, becameAuthorized };
    }
    const outcome = this.placement.place(order, signal);
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
        const position = this.broker
          .getPositions()
          .find((open) => open.symbol === symbol && open.strategyName === order.strategyName);
        if (position === undefined || position.direction !== order.direction) continue;
        filled.size = position.size;
      }
      settleBarResult(this.placement.place(filled, signal), report, signal);
    }
    // Without stops or targets held in this symbol there is nothing to recover nor to check.
    const held = this.levels.get(symbol);
    if (held !== undefined && held.size > 0) {
      const before = held.size;
      reportRecoveredExits(held, this.broker, symbol, bar, report);
      if (held.size !== before) this.changes++;
      const positions = this.broker.getPositions();
      const indices = brokerPositionIndices(this.broker, symbol);
      const count = indices === undefined ? positions.length : indices.length;
      for (let next = 0; next < count; next++) {
        const position = positions[indices === undefined ? next : indices[next]!]!;
        if (position.symbol !== symbol) continue;
        const levels = held.get(position.strategyName);
        if (levels === undefined) continue;
        const exit = intrabarExit(position.direction, levels, bar);
        if (exit === undefined) continue;
        const order = closingOrder(position, exit.price, bar.time, exit.reason, exit.orderType);
        this.placement.exitAtBroker(order, cause, report);
      }
    }
    if ((this.broker.getAccount().usedMargin ?? 0) > 0) {
      const tick = this.instrument(symbol).tickSize;
      const stopOut = marginStopOut(this.broker, symbol, bar, this.trading.stop_out_percent, tick);
      if (stopOut !== undefined) this.placement.marginCall(symbol, stopOut.price, bar.time, cause, report);
    }
    this.broker.markToMarket(symbol, bar.close, bar.time);
    const account = this.broker.getAccount();
    const used = account.usedMargin ?? 0;
    // Positions that offset each other inside the bar are judged at the close.
    if (used > 0 && (account.equity / used) * 100 <= this.trading.stop_out_percent)
      this.placement.marginCall(symbol, bar.close, bar.time, cause, report);
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
