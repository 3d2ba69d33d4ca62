import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { AccountState, Broker } from '../execution/broker.js';
import type { PaperBroker } from '../execution/paperBroker.js';
import type { DataSourceManager } from '../market/dataSourceManager.js';
import type { SeededRandom } from '../util/random.js';
import type { PaperBrokerCheckpoint } from './paperBrokerCheckpoint.js';
import { recoverFromStore } from './recoverFromStore.js';
import { StoreCheckpointStore } from './storeCheckpointStore.js';
import { crashHooksFromEnv, EXIT_REASONS, StoreOrderOutbox } from './storeOrderOutbox.js';
import { TradingStore, type TradingStoreOptions } from './tradingStore.js';

/** What the trading system itself counts, checkpointed with the services so a resumed run counts on. */
export interface RunProgress {
  counts: { candles: number; entry_signals: number; exit_signals: number; orders: number; blocked: number };
}

/** A resumed run's progress, and the exit reason of every closing order (the trades' `exit_reason`). */
export interface RestoredRun extends RunProgress {
  exitReasons: [string, string][];
}

/** Options of {@link DurableRun}. */
export interface DurableRunOptions {
  store: TradingStore;
  broker: Broker;
  /** The broker when it is the paper broker: its state is saved in the store and restored from it. */
  paper?: PaperBroker;
  /** The paper broker's slippage generator, saved and restored with it. */
  random?: SeededRandom;
  manager: DataSourceManager;
  symbols: readonly string[];
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Whether {@link close} closes the store (it was opened for this run). */
  ownsStore?: boolean;
  /**
   * How often a cycle's state is written (`store.checkpoint_every_bars` / `_ms`): at least every `bars`
   * cycles and every `milliseconds` of wall time. Default: every cycle.
   */
  cadence?: { bars: number; milliseconds: number };
}

/**
 * What a checkpoint holds besides the services' own checkpoints, taken at a cycle's end into fields
 * reused from cycle to cycle (a backtest takes it a million times and writes it a thousand): times and
 * counts copied, the paper broker's immutable state and the random generator's position kept as they
 * are; the records written are built only when it is written.
 */
interface CycleState {
  /** Last base candle per symbol (index of `symbols`), NaN for none yet. */
  lastTimes: Float64Array;
  counts: RunProgress['counts'] | undefined;
  paper: unknown;
  random: number | undefined;
  account: AccountState | undefined;
}

const SYSTEM = 'system';

/**
 * Ties a run to its {@link TradingStore}: restores the broker and the run's progress, reconciles pending
 * orders on start (`recover`), gives the executor its outbox and the services their checkpoint store,
 * tells the services which bars are a replay of what the checkpoint already covers, and writes
 * checkpoints at a cadence (`checkpoint`, called at every cycle's end): the services' checkpoints, the last
 * base candle per symbol, the broker's state, the account, the run's counts and whatever
 * {@link onCheckpoint} adds (the backtest's equity points), in one transaction.
 *
 * Cadence: every cycle's state is taken in memory (cheap: no serialization), and written every
 * `cadence.bars` cycles or `cadence.milliseconds` of wall time, and always just before an order is
 * written to the outbox when the last written checkpoint is older than the previous cycle. So whenever
 * an order, a fill or a broker state is on disk, the checkpoint on disk is the end of the cycle before
 * it, exactly as with a checkpoint per cycle, and a crash replays at most `cadence.bars` cycles. The
 * paper broker's fills wait for the next of these transactions (`deferFills`): one commit per order
 * instead of two; a crash before it is the crash between the outbox write and the broker call, which
 * recovery resolves by re-sending the order from the broker state restored with the checkpoint.
 *
 * Resume = replay the data from its start: bars up to the checkpoint rebuild candles and indicators
 * exactly (path-dependent indicators need every bar) while strategies and execution skip them; the
 * bars after it are traded again, deterministically, so they reach the state the crashed run had. A
 * crash mid-cycle replays that cycle: an order it had already filled is found in the outbox and reported
 * again without a broker call.
 *
 * @example
 * ```ts
 * const store = DurableRun.open(config.store.path, { fresh, identity: runIdentity(config) });
 * const durable = new DurableRun({ store, broker, paper: broker, random, manager, symbols, logger });
 * await durable.recover();
 * const executor = new TradeExecutor({ broker, trading, risk, outbox: durable.outbox });
 * ```
 */
export class DurableRun {
  readonly store: TradingStore;
  readonly checkpoints: StoreCheckpointStore;
  readonly outbox: StoreOrderOutbox;
  /** The run's progress at the checkpoint resumed from; undefined for a new run. */
  readonly restored: RestoredRun | undefined;
  /** Last base candle per symbol at the checkpoint resumed from. */
  readonly lastBars: ReadonlyMap<string, number>;
  private readonly hooks: Array<(store: TradingStore) => void> = [];
  private readonly brokerState: (() => PaperBrokerCheckpoint) | undefined;
  private replayDone = false;
  private checkpointCount = 0;
  private readonly crashAfterCheckpoint: number | undefined;
  /** The last cycle's state, when {@link hasPending}: not on disk yet. */
  private readonly pending: CycleState;
  private hasPending = false;
  private cyclesSinceWrite = 0;
  private lastWriteAt = performance.now();
  private readonly everyBars: number;
  private readonly everyMilliseconds: number;

  constructor(private readonly options: DurableRunOptions) {
    const { store, paper, random } = options;
    this.store = store;
    this.checkpoints = new StoreCheckpointStore(store);
    // The paper broker's state is immutable (each change makes a new one) and is serialized when written:
    // no need for `snapshot()`'s deep copy, which would cost more than the rest of a checkpoint.
    this.everyBars = options.cadence?.bars ?? 1;
    this.everyMilliseconds = options.cadence?.milliseconds ?? 0;
    const brokerState = paper
      ? (): PaperBrokerCheckpoint => brokerCheckpoint(paper.current(), random?.snapshot())
      : undefined;
    this.brokerState = brokerState;
    const hooks = crashHooksFromEnv(options.env ?? process.env);
    this.crashAfterCheckpoint = hooks.crashAfterCheckpoint;
    this.outbox = new StoreOrderOutbox({
      store,
      broker: options.broker,
      ...(brokerState ? { brokerState } : {}),
      // Inside the order's transaction: the checkpoint on disk must be the cycle before the order.
      beforeOrder: () => this.writePending(),
      // The paper broker's state is saved with its fills, so a fill may wait for the next transaction.
      deferFills: paper !== undefined,
      ...hooks,
    });
    this.lastBars = new Map(
      Object.entries(store.loadCheckpoint<Record<string, number>>('data_fetching', 'last_bars') ?? {}),
    );
    const counts = store.loadCheckpoint<Pick<RunProgress, 'counts'>>(SYSTEM, 'progress')?.counts;
    const exitReasons = [...store.loadCheckpoints<string>(EXIT_REASONS)];
    this.restored = counts === undefined ? undefined : { counts, exitReasons };
    this.replayDone = this.lastBars.size === 0;
    this.pending = {
      lastTimes: new Float64Array(options.symbols.length),
      counts: undefined,
      paper: undefined,
      random: undefined,
      account: undefined,
    };
  }

  /**
   * Opens the store at `path` for a run: a store whose run finished (see {@link complete}) is started over,
   * with a notice; otherwise `identity` must match the stored one (`StoreIdentityError`).
   */
  static open(
    path: string,
    options: TradingStoreOptions & { onNotice?: (notice: string) => void },
  ): TradingStore {
    const { identity, onNotice, ...openOptions } = options;
    let store = TradingStore.open(path, openOptions);
    if (store.loadCheckpoint(SYSTEM, 'completed') !== undefined) {
      store.close();
      onNotice?.(`Previous run in ${path} finished: starting over`);
      store = TradingStore.open(path, { ...openOptions, fresh: true });
    }
    if (identity !== undefined) {
      try {
        store.assertIdentity(identity);
      } catch (error) {
        store.close();
        throw error;
      }
    }
    return store;
  }

  /** The one-line resume notice (`Resuming from <path>: N orders, last candle <time>`), or undefined. */
  notice(): string | undefined {
    if (!this.store.resumed) return undefined;
    const last = Math.max(...this.lastBars.values());
    const candle = Number.isFinite(last) ? new Date(last).toISOString() : 'none';
    return `Resuming from ${this.store.path}: ${this.store.listOrders().length} orders, last candle ${candle}`;
  }

  /** Restores the paper broker and reconciles the store's pending orders and positions with the broker. */
  recover() {
    const { store, broker, paper, random, logger } = this.options;
    return recoverFromStore(store, broker, {
      logger,
      ...(paper ? { paper } : {}),
      ...(random ? { random } : {}),
      ...(this.brokerState ? { brokerState: this.brokerState } : {}),
    });
  }

  /** Whether `symbol`'s current bar is one the checkpoint already covers (replayed to rebuild indicators). */
  replaying(symbol: string): boolean {
    if (this.replayDone) return false;
    const last = this.lastBars.get(symbol);
    const time = this.options.manager.lastTime(symbol);
    if (last !== undefined && time !== undefined && time <= last) return true;
    if (
      this.options.symbols.every(
        (each) => (this.options.manager.lastTime(each) ?? -1) > (this.lastBars.get(each) ?? -1),
      )
    )
      this.replayDone = true;
    return false;
  }

  /**
   * Whether the run is still replaying bars its checkpoint already covers (some symbol is behind its saved
   * last candle). Such cycles need no pacing (a live run replays them at full speed) and no checkpoint: the
   * one on disk is ahead of them, and writing theirs would move the saved last candle backwards.
   */
  catchingUp(): boolean {
    if (this.replayDone) return false;
    const { manager, symbols } = this.options;
    return symbols.some(
      (symbol) =>
        (manager.lastTime(symbol) ?? Number.NEGATIVE_INFINITY) <
        (this.lastBars.get(symbol) ?? Number.NEGATIVE_INFINITY),
    );
  }

  /**
   * Adds work to every checkpoint's transaction (e.g. the backtest's equity points since the last one):
   * it runs when a checkpoint is written, which describes the end of the last cycle.
   */
  onCheckpoint(hook: (store: TradingStore) => void): void {
    this.hooks.push(hook);
  }

  /**
   * The end of a cycle (the bus drained): takes the cycle's state, and writes it when the cadence says
   * so. Call once per cycle; cycles still {@link catchingUp} are skipped (also a stop during a resume).
   */
  checkpoint(progress: RunProgress): void {
    if (this.catchingUp()) return;
    const { manager, symbols, broker, paper, random } = this.options;
    this.checkpoints.capture();
    const pending = this.pending;
    for (let index = 0; index < symbols.length; index++)
      pending.lastTimes[index] = manager.lastTime(symbols[index]!) ?? Number.NaN;
    // Copied into the same object each cycle (the first copy fixes the key order written), field by field:
    // Object.assign costs more than the rest of this copy, a million times in a backtest.
    const counts = progress.counts;
    if (pending.counts === undefined) pending.counts = { ...counts };
    else {
      const copy = pending.counts;
      copy.candles = counts.candles;
      copy.entry_signals = counts.entry_signals;
      copy.exit_signals = counts.exit_signals;
      copy.orders = counts.orders;
      copy.blocked = counts.blocked;
    }
    if (paper !== undefined) {
      const state = paper.current();
      pending.paper = state;
      pending.random = random?.snapshot();
      // The paper broker's account is part of its immutable state: no copy needed.
      pending.account = state.account;
    } else pending.account = { ...broker.getAccount() };
    this.hasPending = true;
    if (
      ++this.cyclesSinceWrite >= this.everyBars ||
      performance.now() - this.lastWriteAt >= this.everyMilliseconds
    )
      this.writePending();
    // Test hook (see crashHooksFromEnv): a kill right after a cycle's checkpoint (written or not).
    if (++this.checkpointCount === this.crashAfterCheckpoint) process.kill(process.pid, 'SIGKILL');
  }

  private writePending(): void {
    if (!this.hasPending) {
      this.outbox.flushFills();
      return;
    }
    const { store, symbols, paper } = this.options;
    const { lastTimes, counts, account } = this.pending;
    const lastBars: Record<string, number> = {};
    for (let index = 0; index < symbols.length; index++)
      if (!Number.isNaN(lastTimes[index]!)) lastBars[symbols[index]!] = lastTimes[index]!;
    store.transaction(() => {
      // Held fills first: the pending cycle ended after them, so its broker state (saved below, with the
      // paper broker) is the newer one; another broker saves none.
      this.outbox.flushFills(paper === undefined);
      this.checkpoints.write();
      store.saveCheckpoint('data_fetching', 'last_bars', lastBars);
      store.saveCheckpoint(SYSTEM, 'progress', { counts });
      if (paper !== undefined)
        store.saveBrokerState(brokerCheckpoint(this.pending.paper, this.pending.random));
      store.saveAccount(account!);
      for (const hook of this.hooks) hook(store);
    });
    this.hasPending = false;
    this.cyclesSinceWrite = 0;
    this.lastWriteAt = performance.now();
  }

  /** Marks the run finished: the next run on this store starts over instead of resuming. */
  complete(): void {
    this.writePending();
    this.store.saveCheckpoint(SYSTEM, 'completed', { at: Date.now() });
  }

  /** Writes what is pending and closes the store when this run opened it. */
  close(): void {
    if (this.store.isOpen) this.writePending();
    if (this.options.ownsStore) this.store.close();
  }
}

/** The paper broker's checkpoint for its state `paper` and the random generator's position. */
function brokerCheckpoint(paper: unknown, random: number | undefined): PaperBrokerCheckpoint {
  return {
    paper: { ...(paper as object), fills: [] },
    ...(random !== undefined ? { random } : {}),
    fillsInTable: true,
  };
}
