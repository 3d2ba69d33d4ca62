import type { SystemConfig } from '../config/systemConfig.js';
import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { Broker, Fill, OrderRequest } from './broker.js';
import { brokerSideExit } from './brokerSideExit.js';
import { closingOrder } from './closingOrder.js';
import type { BarExecution, ExecutionResult, OrderOutbox } from './executionTypes.js';
import type { FillLookup } from './fillLookup.js';
import type { HeldLevels } from './heldLevels.js';
import { OrderRejectedError } from './orderRejectedError.js';
import { replayedResult } from './replayedResult.js';
import { settleBarResult } from './settleBarResult.js';

/**
 * The {@link TradeExecutor}'s way to the broker: sends an order (through the outbox when there is one) and
 * books what comes back, a fill (its id recognised as placed, recorded in the outbox, its stops and targets
 * held) or a refusal (counted by reason). The sets and maps it books into are the executor's own.
 *
 * @example
 * ```ts
 * const placement = new OrderPlacement(broker, outbox, new FillLookup(), placed, held, rejections, trading);
 * const outcome = placement.place(order, signal);
 * const result = outcome instanceof Promise ? await outcome : outcome;
 * ```
 */
export class OrderPlacement {
  /** Changes of the held levels and refusals: part of the executor's `version`. */
  changes = 0;

  constructor(
    private readonly broker: Broker,
    private readonly outbox: OrderOutbox | undefined,
    private readonly fillLookup: FillLookup,
    private readonly placed: Set<string>,
    private readonly held: HeldLevels,
    private readonly rejections: Map<string, number>,
    private readonly trading: SystemConfig['trading'],
  ) {}

  /**
   * Sends `order` to the broker (through the outbox when there is one) and reports the fill or the
   * rejection. Synchronous when the broker is, so a bar's fills are published before the bar is evaluated.
   */
  place(
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

  /**
   * Places an exit no strategy asked for (a stop, a target, a margin call) and reports its result when settled:
   * under the ExitSignalEvent it is recorded as, derived from the bar that caused it (see `brokerSideExit`).
   */
  exitAtBroker(
    order: OrderRequest,
    cause: Parameters<typeof brokerSideExit>[1],
    report: (execution: BarExecution) => void,
  ): void {
    settleBarResult(this.place(order, brokerSideExit(order, cause)), report);
  }

  /** Closes every position of `symbol` at `price` (plus spread and slippage) as a margin call. */
  marginCall(
    symbol: string,
    price: number,
    time: number,
    cause: Parameters<typeof brokerSideExit>[1],
    report: (execution: BarExecution) => void,
  ): void {
    for (const position of this.broker.getPositions()) {
      if (position.symbol !== symbol) continue;
      this.exitAtBroker(closingOrder(position, price, time, 'margin_call', 'market'), cause, report);
    }
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
}
