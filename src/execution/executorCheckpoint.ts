import { copyData } from '../util/copyData.js';
import type { BlockedPeriodLog } from './blockedPeriodLog.js';
import type { TradeExecutorState } from './executionTypes.js';
import type { HeldLevels } from './heldLevels.js';
import type { TradingAuthorizer } from './tradingAuthorizer.js';
import type { WorkingOrderBook } from './workingOrders.js';

/**
 * Takes and restores what a {@link TradeExecutor} must carry over a restart of the process: working orders
 * (with their signals), the stops and targets of open positions, the blocked periods, refusals,
 * cancellations and the drawdown state. It holds the executor's own parts, so taking a snapshot makes
 * nothing but the snapshot.
 *
 * @example
 * ```ts
 * const checkpoint = new ExecutorCheckpoint(working, held, blocks, rejections, cancellations, authorizer);
 * const state = checkpoint.take();
 * checkpoint.restore(JSON.parse(JSON.stringify(state)));
 * ```
 */
export class ExecutorCheckpoint {
  constructor(
    private readonly working: WorkingOrderBook,
    private readonly held: HeldLevels,
    private readonly blocks: BlockedPeriodLog,
    private readonly rejections: Map<string, number>,
    private readonly cancellations: Map<string, number>,
    private readonly authorizer: TradingAuthorizer,
  ) {}

  /** The parts' state as plain data. */
  take(): TradeExecutorState {
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

  /** Puts a {@link take}n state back into the parts (a copy of it: `state` stays the caller's). */
  restore(state: TradeExecutorState): void {
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
}
