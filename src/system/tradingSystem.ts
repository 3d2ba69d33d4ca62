import type { Logger } from 'pino';
import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { EventBusPort } from '../bus/busTypes.js';
import { subscribeCandles } from '../bus/subscribeCandles.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { Broker } from '../execution/broker.js';
import { reportBlockedPeriods } from '../execution/describeBlockedPeriods.js';
import { fillsToRoundTrips, type RoundTrip } from '../execution/roundTrips.js';
import type { TradeExecutor } from '../execution/tradeExecutor.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import type { DurableRun } from '../store/durableRun.js';
import type { Clock } from '../util/clock.js';
import { RecentMap } from '../util/recentMap.js';
import { checkRunOptions } from './checkRunOptions.js';
import { DistinctCandles } from './distinctCandles.js';
import type { RunOptions, TradingSystemMode } from './runOptions.js';
import type { RunSummary } from './runSummary.js';
import { SupervisionRecorder } from './supervisionRecorder.js';
import { TradingSystemHaltedError } from './tradingSystemHaltedError.js';
import type { TradingSystemParts } from './tradingSystemParts.js';

/**
 * A built trading system (see `createTradingSystem`): the bus, the supervised orchestrator actor and the
 * components, with `start` / `run` / `stop` and the specification's monitoring calls.
 *
 * @example
 * ```ts
 * const system = await createTradingSystem({ trading: { symbol: 'GBPUSD' } });
 * system.orchestrator.actor.subscribe((snapshot) => console.log(snapshot.value));
 * await system.run({ maxCandles: 500 });
 * await system.stop();
 * ```
 */
export class TradingSystem {
  readonly config: SystemConfig;
  readonly bus: EventBusPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly orchestrator: TradingOrchestrator;
  readonly broker: Broker;
  /** Authorization, sizing, working orders, stops and the record of blocked periods. */
  readonly executor: TradeExecutor;
  readonly manager: DataSourceManager;
  readonly symbols: readonly string[];
  readonly timeframes: readonly string[];
  readonly baseTimeframe: string;
  readonly mode: TradingSystemMode;
  private readonly parts: TradingSystemParts;
  private readonly counts = { candles: 0, entry_signals: 0, exit_signals: 0, orders: 0, blocked: 0 };
  /**
   * Exit reasons of signals whose close order has not come yet. A signal can end without an order (position
   * already closed, trading blocked): bounded so such signals do not accumulate over a long run; its order
   * follows within a few cycles, far inside the capacity.
   */
  private readonly exitReasonBySignal = new RecentMap<string, string>(4_096);
  private readonly exitReasonByOrder = new Map<string, string>();
  private stopRequested = false;
  /** Every service reached RUNNING (see {@link startingUp}). */
  private started = false;
  private stopping: Promise<void> | undefined;
  private statusSnapshot: unknown;
  private status: ReturnType<TradingOrchestrator['getStatus']> | undefined;
  private recording = false;
  private readonly supervision: SupervisionRecorder;
  /** Wakes a process that follows the bus (no loop of its own) to check whether its run is over. */
  private wakeFollower: (() => void) | undefined;
  /** The run reached its end (data exhausted or the candle limit): the store is marked complete on stop. */
  private finished = false;
  /** The data producer (another process) announced the end of the run. */
  private endOfData = false;

  constructor(parts: TradingSystemParts) {
    this.parts = parts;
    const restored = parts.durable?.restored;
    if (restored !== undefined) {
      Object.assign(this.counts, restored.counts);
      for (const [order, reason] of restored.exitReasons) this.exitReasonByOrder.set(order, reason);
    }
    this.config = parts.config;
    this.bus = parts.bus;
    this.clock = parts.clock;
    this.logger = parts.logger;
    this.orchestrator = parts.orchestrator;
    this.broker = parts.broker;
    this.executor = parts.executor;
    this.manager = parts.manager;
    this.symbols = parts.symbols;
    this.timeframes = parts.timeframes;
    this.baseTimeframe = parts.baseTimeframe;
    this.mode = parts.mode;
    // Across processes it follows only this process's own supervision events.
    this.supervision = new SupervisionRecorder(parts.transport?.ownEvents ?? parts.bus, parts.clock);
  }

  /** The orchestrator's XState actor: subscribe to it, or hand it to the Stately inspector. */
  get actor() {
    return this.orchestrator.actor;
  }

  /**
   * The run's durable store, when it has one (see `createTradingSystem`'s `store` option).
   * @internal Used by the CLI; not part of the public API.
   */
  get durable(): DurableRun | undefined {
    return this.parts.durable;
  }

  /** Writes the cycle's checkpoint to the durable store (no-op without one). */
  checkpoint(): void {
    this.parts.durable?.checkpoint({ counts: this.counts });
  }

  /**
   * Whether the run has not begun trading yet: its services are not all running, or a resumed run is
   * still replaying the bars its checkpoint covers. A stop now leaves the store as the last run left it.
   */
  get startingUp(): boolean {
    return !this.started || this.parts.durable?.catchingUp() === true;
  }

  /** Starts every service (consumers first). */
  async start(): Promise<void> {
    this.record();
    try {
      await this.orchestrator.start();
    } catch (error) {
      // A stop during the start (a signal) ends it before RUNNING: that is the stop, not a failure.
      if (this.stopRequested) return;
      throw error;
    }
    this.started = true;
    // Every service has subscribed: rebuild what a previous run of this process handled, then consume.
    await this.parts.transport?.startConsumers();
  }

  /**
   * Runs the trading loop until the data ends, `maxCandles`, `maxDurationSeconds` or `stop()`. Live mode
   * fetches every `fetch_interval` seconds on the clock; the other modes go as fast as the data allows.
   */
  async run(options: RunOptions = {}): Promise<RunSummary> {
    checkRunOptions(options);
    await this.start();
    if (this.stopRequested) return this.summary();
    if (this.parts.transport?.producesData === false) return this.follow(options);
    const live = this.mode === 'live';
    const maxCandles =
      options.maxCandles ?? (live ? Number.POSITIVE_INFINITY : this.config.trading.max_candles);
    const maxMilliseconds =
      (options.maxDurationSeconds ??
        (live ? Number.POSITIVE_INFINITY : this.config.trading.max_duration_seconds)) * 1000;
    const startedAt = Date.now();
    // A NATS producer gets its own candles back asynchronously (its bus count lags): it counts bars fetched.
    const producedCandles = () =>
      this.parts.transport?.producesData ? this.manager.acceptedBars : this.counts.candles;
    const interval = live ? this.config.services.data_fetching.fetch_interval : 0;
    const pace = !live && this.config.trading.speed > 0 ? 1000 / this.config.trading.speed : 0;
    // A loop without waits (a backtest: microseconds a cycle, a clock read a tenth of one) reads the clock
    // every 16th cycle from the first, so the duration limit is at most 15 cycles late; waiting loops, every.
    const clockEvery = interval > 0 || pace > 0 ? 1 : 16;
    let cyclesSinceClockRead = clockEvery - 1;
    const durationReached = () => {
      if (++cyclesSinceClockRead < clockEvery) return false;
      cyclesSinceClockRead = 0;
      return Date.now() - startedAt >= maxMilliseconds;
    };
    const until = () =>
      this.stopRequested ||
      options.signal?.aborted === true ||
      this.halted() ||
      producedCandles() >= maxCandles ||
      durationReached() ||
      this.allExhausted();
    const durable = this.parts.durable;
    await this.orchestrator.run(interval, {
      paceMilliseconds: pace,
      // A resumed run replays what its checkpoint covers at full speed, then goes on at the live pace.
      ...(durable ? { catchingUp: () => durable.catchingUp() } : {}),
      until: () => {
        options.onCycle?.(this.counts.candles);
        this.checkpoint();
        return until();
      },
    });
    if (!this.stopRequested && this.halted())
      throw new TradingSystemHaltedError(this.haltReason(), this.summary());
    // An abort ends this process's run like a stop: the others are not told the data ended.
    if (this.parts.transport && !this.stopRequested && options.signal?.aborted !== true)
      await this.announceEndOfData(maxCandles);
    this.finished =
      !this.stopRequested &&
      options.signal?.aborted !== true &&
      (producedCandles() >= maxCandles || this.allExhausted());
    return this.summary();
  }

  /**
   * A process without `data_fetching` has no loop of its own: its services work as events arrive. It runs
   * until the producer's `EndOfDataEvent`, `stop()`, or (with `maxCandles`) that many base candles and
   * everything they caused handled.
   */
  private async follow(options: RunOptions): Promise<RunSummary> {
    const reachedLimit = () => options.maxCandles !== undefined && this.counts.candles >= options.maxCandles;
    // Woken by what can end the run (a candle, the end of data, a stop, a change of supervision), not polled.
    await new Promise<void>((resolve) => {
      const subscription = this.orchestrator.actor.subscribe(() => this.wakeFollower?.());
      this.wakeFollower = () => {
        if (!this.stopRequested && !this.endOfData && !this.halted() && !reachedLimit()) return;
        this.wakeFollower = undefined;
        subscription.unsubscribe();
        resolve();
      };
      this.wakeFollower();
    });
    if (reachedLimit() && !this.stopRequested) await this.parts.transport?.waitForQuiescence();
    if (!this.stopRequested && this.halted())
      throw new TradingSystemHaltedError(this.haltReason(), this.summary());
    return this.summary();
  }

  /** Tells the other processes the run is over; sent once everything before it has been handled. */
  private async announceEndOfData(maxCandles: number): Promise<void> {
    const exhausted = this.symbols.every((symbol) => this.manager.isExhausted(symbol));
    const reason = exhausted
      ? 'exhausted'
      : this.manager.acceptedBars >= maxCandles
        ? 'max_candles'
        : 'max_duration';
    // Only the producer announces, and it counts the bars it fetched (its bus count may still lag).
    this.bus.publish(
      this.parts.events.create('EndOfDataEvent', { reason, candles: this.manager.acceptedBars }),
    );
    await this.bus.drain();
  }

  /** Whether the feed has ended for every symbol: asked before every cycle, so without a closure per call. */
  private allExhausted(): boolean {
    const { symbols, manager } = this;
    for (let index = 0; index < symbols.length; index++) {
      if (!manager.isExhausted(symbols[index]!)) return false;
    }
    return true;
  }

  /**
   * Whether supervision gave up (degraded or stopped) outside live mode: a replay that went on without a
   * service would silently produce a different result, so it ends. A question only: it changes nothing.
   */
  private halted(): boolean {
    if (this.mode === 'live') return false;
    const status = this.orchestratorStatus();
    if (status === 'degraded' || status === 'failed') return true;
    return status === 'stopped' && this.orchestrator.actor.getSnapshot().context.escalation !== undefined;
  }

  /** Which services are down and why, for {@link TradingSystemHaltedError}. */
  private haltReason(): string {
    const failures = Object.entries(this.getServiceHealth())
      .filter(([, health]) => health.state !== 'RUNNING')
      .map(([name, health]) => `${name} ${health.state}${health.reason ? `: ${health.reason}` : ''}`);
    return `supervision gave up (${this.orchestratorStatus()}); ${failures.join('; ') || 'no service details'}`;
  }

  /**
   * `orchestrator.getStatus()`, which matches several states: checked before every cycle, so computed
   * again only when the orchestrator's snapshot changed (its status is a function of the snapshot).
   */
  private orchestratorStatus(): ReturnType<TradingOrchestrator['getStatus']> {
    const snapshot = this.orchestrator.actor.getSnapshot();
    if (snapshot !== this.statusSnapshot || this.status === undefined) {
      this.statusSnapshot = snapshot;
      this.status = this.orchestrator.getStatus();
    }
    return this.status;
  }

  /** Closes every open position at the last price through the normal signal path (end of a backtest). */
  async closeAllPositions(reason: 'end_of_data' | 'manual' = 'end_of_data'): Promise<void> {
    for (const position of this.broker.getPositions()) {
      const bars = this.manager.recentBars(position.symbol, this.baseTimeframe, 1);
      const last = bars[bars.length - 1];
      if (!last) continue;
      this.bus.publish(
        this.parts.events.create('ExitSignalEvent', {
          symbol: position.symbol,
          strategy_name: position.strategyName,
          direction: position.direction,
          timeframe: this.baseTimeframe,
          candle_time: last.time,
          price: last.close,
          reason,
        }),
      );
    }
    await this.bus.drain();
  }

  /**
   * Stops the services (data first, execution last), draining the bus in between. Idempotent: a second
   * call (Ctrl-C during the stop that follows a run) waits for the first instead of stopping again.
   */
  stop(): Promise<void> {
    this.stopRequested = true;
    // A producer waiting in lockstep for a process that is down would otherwise never reach its stop.
    this.parts.transport?.interrupt();
    this.wakeFollower?.();
    this.stopping ??= (async () => {
      await this.orchestrator.stop();
      await this.parts.source.close?.();
      await this.parts.transport?.close();
      // The services' shutdown may have executed batched signals and saved checkpoints: keep them.
      const durable = this.parts.durable;
      if (durable !== undefined) {
        this.checkpoint();
        if (this.finished) durable.complete();
        durable.close();
      }
    })();
    return this.stopping;
  }

  getServiceHealth() {
    return this.orchestrator.getServiceHealth();
  }

  getAllMetrics() {
    return this.orchestrator.getAllMetrics();
  }

  restartService(name: string): Promise<void> {
    return this.orchestrator.restartService(name);
  }

  /** Closed round trips so far, from the broker's fills. */
  roundTrips(): RoundTrip[] {
    return fillsToRoundTrips(this.broker.getFills(), this.exitReasonByOrder);
  }

  summary(): RunSummary {
    const account = this.broker.getAccount();
    const trips = this.roundTrips();
    return {
      ...this.counts,
      trades: trips.length,
      net_pnl: Math.round((account.equity - this.config.trading.initial_balance) * 100) / 100,
      balance: account.balance,
      final_equity: account.equity,
      open_positions: this.broker.getPositions().length,
      blocked_periods: reportBlockedPeriods(this.executor.blocks.periods(), this.clock.now()),
      margin_calls: account.marginCalls ?? 0,
      rejected_orders: [...this.executor.rejections.values()].reduce((sum, count) => sum + count, 0),
      metrics: this.getAllMetrics(),
      supervision: this.supervision.summary(this.orchestrator),
    };
  }

  /** Counts what the run did, from the bus (subscribed once, before the services start). */
  private record(): void {
    if (this.recording) return;
    this.recording = true;
    if (this.parts.transport?.producesData === false) {
      this.bus.subscribe('EndOfDataEvent', () => {
        this.endOfData = true;
        this.wakeFollower?.();
      });
    }
    const replay = this.parts.durable;
    const distinct = new DistinctCandles();
    const candleEvent = this.parts.transport?.candleEvent ?? 'NewCandleEvent';
    subscribeCandles(this.bus, candleEvent, (symbol, timeframe, time) => {
      // Candles replayed up to a resumed checkpoint were counted before it; a candle delivered again is the
      // same candle: count distinct candles per symbol.
      if (timeframe !== this.baseTimeframe || replay?.replaying(symbol)) return;
      if (!distinct.isNew(symbol, time)) return;
      this.counts.candles++;
      this.wakeFollower?.();
    });
    this.bus.subscribe('EntrySignalEvent', () => {
      this.counts.entry_signals++;
    });
    this.bus.subscribe('ExitSignalEvent', (event) => {
      this.counts.exit_signals++;
      this.exitReasonBySignal.set(event.eventId, event.reason);
    });
    this.bus.subscribe('OrderPlacedEvent', (event) => {
      this.counts.orders++;
      if (event.intent === 'close' && event.causationId) {
        const reason = this.exitReasonBySignal.take(event.causationId);
        if (reason) this.exitReasonByOrder.set(event.client_order_id, reason);
      }
    });
    this.bus.subscribe('TradingBlockedEvent', () => {
      this.counts.blocked++;
    });
  }
}

export type { RunOptions } from './runOptions.js';
export type { RunSummary } from './runSummary.js';
export { TradingSystemHaltedError } from './tradingSystemHaltedError.js';
export type { TradingSystemParts } from './tradingSystemParts.js';
