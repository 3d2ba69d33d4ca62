import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { AccountState, Broker, Fill, OrderRequest, Position } from '../execution/broker.js';
import type { OrderOutbox } from '../execution/tradeExecutor.js';
import { positionChangeAfter } from './positionChangeAfter.js';
import type { StoredPosition } from './storeRecords.js';
import type { TradingStore } from './tradingStore.js';

/** Checkpoint service under which each closing order's exit reason is kept, keyed by client order id. */
export const EXIT_REASONS = 'exit_reasons';

/** Options of {@link StoreOrderOutbox}. */
export interface StoreOrderOutboxOptions {
  store: TradingStore;
  broker: Broker;
  /**
   * The broker's own state to save in each fill's transaction (the paper broker's account and random
   * position); undefined for a broker that keeps its state itself.
   */
  brokerState?: () => unknown;
  /**
   * Runs inside each new order's transaction, before the order and the held fills are written (the durable
   * run's checkpoint, which writes the held fills itself first, with {@link StoreOrderOutbox.flushFills}).
   */
  beforeOrder?: () => void;
  /**
   * Commit each fill with the next transaction (the next order's, rejection's or checkpoint's, or
   * {@link StoreOrderOutbox.flushFills}) instead of its own. Only for a broker whose state is saved in the
   * store with the fill (the paper broker): a crash before that commit then leaves the order pending and
   * the broker restored to before it, which recovery resolves by re-sending it, exactly as for a crash
   * between the outbox write and the broker call. A broker that keeps its own state must not defer: its
   * fill would then be known to the broker only.
   */
  deferFills?: boolean;
  /**
   * Test hooks (see {@link crashHooksFromEnv}): SIGKILL the process right after the n-th outbox write, or
   * right after the n-th fill's transaction. Never set them outside crash-recovery tests.
   */
  crashAfterOutbox?: number;
  crashAfterFill?: number;
  /** Read by `DurableRun`: SIGKILL right after the n-th cycle checkpoint is committed. */
  crashAfterCheckpoint?: number;
}

/**
 * Reads the crash-recovery test hooks from the environment: `TRADESTATE_TEST_CRASH_AFTER_OUTBOX=<n>` kills
 * the process (SIGKILL) right after its n-th order is written to the outbox, before the broker is called;
 * `TRADESTATE_TEST_CRASH_AFTER_FILL=<n>` right after its n-th fill is committed, before the cycle's
 * checkpoint; `TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT=<n>` right after its n-th cycle checkpoint is committed.
 * Counted per process (a restarted run counts from 1 again).
 *
 * @example
 * ```ts
 * new StoreOrderOutbox({ store, broker, ...crashHooksFromEnv(process.env) });
 * ```
 */
export function crashHooksFromEnv(
  env: Record<string, string | undefined>,
): Pick<StoreOrderOutboxOptions, 'crashAfterOutbox' | 'crashAfterFill' | 'crashAfterCheckpoint'> {
  const read = (name: string) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const outbox = read('TRADESTATE_TEST_CRASH_AFTER_OUTBOX');
  const fill = read('TRADESTATE_TEST_CRASH_AFTER_FILL');
  const checkpoint = read('TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT');
  return {
    ...(checkpoint === undefined ? {} : { crashAfterCheckpoint: checkpoint }),
    ...(outbox === undefined ? {} : { crashAfterOutbox: outbox }),
    ...(fill === undefined ? {} : { crashAfterFill: fill }),
  };
}

/** A fill taken when the broker reported it, waiting for the next transaction (see `deferFills`). */
interface HeldFill {
  fill: Fill;
  positions: readonly Position[];
  exits: Exits;
  account: AccountState;
  brokerState: unknown;
}

type Exits = { stopLoss?: number | undefined; takeProfit?: number | undefined };

/**
 * The executor's {@link OrderOutbox} over the {@link TradingStore}: the order is written `pending` before
 * the broker call; the fill, the order's status, the position, the account and the broker's state are
 * then written in one transaction (with `deferFills`, in the next one). A crash between the two leaves a
 * pending order that the next start reconciles (see `recoverFromStore`).
 *
 * The status of each order written through it is kept in memory, so the executor's check for a replayed
 * signal reads the store only for orders of an earlier process: while it is in use, orders are written
 * through this outbox only (recovery runs before).
 *
 * @example
 * ```ts
 * const outbox = new StoreOrderOutbox({ store, broker, brokerState: () => broker.snapshot() });
 * const executor = new TradeExecutor({ broker, trading, risk, outbox });
 * ```
 */
export class StoreOrderOutbox implements OrderOutbox {
  private intents = 0;
  private fills = 0;
  /** Orders written by this outbox, by client order id: their status without a query. */
  private readonly written = new Map<string, OrderFound>();
  /** Exits of the orders written and not filled yet (they go to the position an opening fill makes). */
  private readonly exits = new Map<string, Exits>();
  /** Whether the store held orders of an earlier process when this outbox was made. */
  private readonly earlierOrders: boolean;
  private held: HeldFill[] = [];
  /**
   * The position this outbox last wrote per symbol and strategy (null: deleted), as the store now holds it:
   * a closing fill takes its exits from it without a query (one per order otherwise).
   */
  private readonly storedPositions = new Map<string, StoredPosition | null>();

  constructor(private readonly options: StoreOrderOutboxOptions) {
    this.earlierOrders = options.store.hasOrders();
  }

  find(clientOrderId: string): OrderFound | undefined {
    const known = this.written.get(clientOrderId);
    if (known !== undefined || !this.earlierOrders) return known;
    const order = this.options.store.getOrder(clientOrderId);
    if (order === undefined) return undefined;
    return order.reason === undefined
      ? { status: order.status }
      : { status: order.status, reason: order.reason };
  }

  recordIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean {
    const { store } = this.options;
    const inserted = store.transaction(() => {
      this.options.beforeOrder?.();
      this.writeHeldFills();
      const written = this.writeIntent(order, signal);
      // The exit reason (a trade's `exit_reason`) is kept with the order: it must survive any crash point.
      if (written && signal.type === 'ExitSignalEvent')
        store.saveCheckpoint(EXIT_REASONS, order.clientOrderId, signal.reason);
      return written;
    });
    this.intents++;
    if (this.intents === this.options.crashAfterOutbox) process.kill(process.pid, 'SIGKILL');
    return inserted;
  }

  private writeIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean {
    const exits: Exits = {};
    if (signal.type === 'EntrySignalEvent') {
      if (signal.stop_loss !== undefined) exits.stopLoss = signal.stop_loss;
      if (signal.take_profit !== undefined) exits.takeProfit = signal.take_profit;
    }
    const { inserted } = this.options.store.recordOrderIntent({
      ...order,
      timeframe: signal.timeframe,
      candleTime: signal.candle_time,
      correlationId: signal.correlationId,
      ...exits,
    });
    if (inserted) {
      this.written.set(order.clientOrderId, { status: 'pending' });
      this.exits.set(order.clientOrderId, exits);
    }
    return inserted;
  }

  recordFill(_order: OrderRequest, fill: Fill): void {
    const { store, broker, brokerState } = this.options;
    const exits = this.exits.get(fill.clientOrderId) ?? store.getOrder(fill.clientOrderId) ?? {};
    this.exits.delete(fill.clientOrderId);
    // Account and broker state are immutable, so holding them keeps this moment's; a broker may update its
    // positions list in place as marks arrive (see Broker.getPositions), so the list is copied (once a fill).
    this.held.push({
      fill,
      positions: [...broker.getPositions()],
      exits,
      account: broker.getAccount(),
      brokerState: brokerState?.(),
    });
    this.written.set(fill.clientOrderId, { status: 'filled' });
    this.fills++;
    // The fill-crash test hook kills right after a committed fill, deferred or not.
    if (!this.options.deferFills || this.fills === this.options.crashAfterFill) this.flushFills();
    if (this.fills === this.options.crashAfterFill) process.kill(process.pid, 'SIGKILL');
  }

  recordRejection(order: OrderRequest, reason: string): void {
    const { store, brokerState } = this.options;
    store.transaction(() => {
      // The broker state saved below is newer than the held fills' own.
      this.writeHeldFills(false);
      store.recordRejection(order.clientOrderId, reason);
      // A rejection may have drawn slippage randomness: keep the broker's position in step.
      if (brokerState !== undefined) store.saveBrokerState(brokerState());
    });
    this.exits.delete(order.clientOrderId);
    this.written.set(order.clientOrderId, { status: 'rejected', reason });
  }

  /**
   * Commits the fills held back by `deferFills`, in one transaction (or in the caller's): the durable
   * run calls it in each checkpoint's transaction, before the checkpoint (which is newer than them).
   * `saveBrokerState: false` leaves out the broker state of the last of them, for a caller that saves a
   * newer one in the same transaction (the checkpoint does).
   */
  flushFills(saveBrokerState = true): void {
    if (this.held.length > 0) this.options.store.transaction(() => this.writeHeldFills(saveBrokerState));
  }

  private writeHeldFills(saveBrokerState = true): void {
    if (this.held.length === 0) return;
    const { store } = this.options;
    const held = this.held;
    this.held = [];
    for (const { fill, positions, exits, account } of held) {
      const key = `${fill.symbol}\u0000${fill.strategyName}`;
      // Only a fill that does not open reads the stored position (for its exits: see positionChangeAfter).
      let stored: StoredPosition | undefined;
      if (fill.intent !== 'open') {
        const known = this.storedPositions.get(key);
        stored =
          known === undefined ? store.getPosition(fill.symbol, fill.strategyName) : (known ?? undefined);
      }
      const change = positionChangeAfter(fill, positions, exits, stored);
      store.recordFill(fill, change, account);
      this.storedPositions.set(key, change.kind === 'upsert' ? change.position : null);
    }
    // Each fill's broker state replaces the one before: the last one is the state after them all.
    const last = held[held.length - 1]!.brokerState;
    if (saveBrokerState && last !== undefined) store.saveBrokerState(last);
  }
}

/** What {@link StoreOrderOutbox.find} reports of an order already in the outbox. */
type OrderFound = { status: 'pending' | 'filled' | 'rejected'; reason?: string };
