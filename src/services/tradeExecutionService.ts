import type { CycleWindow } from '../actors/cycleWindow.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type {
  EntrySignalEvent,
  ExitSignalEvent,
  NewCandleEvent,
  TradingEvent,
} from '../events/tradingEvents.js';
import {
  type OrderEventsIo,
  publishOrderPlaced,
  reportBarExecution,
} from '../execution/publishBarExecution.js';
import type { BarExecution, ExecutionResult, TradeExecutor } from '../execution/tradeExecutor.js';
import { type LevelsOn, levelsOn, type ServiceIo } from './serviceIo.js';

type Signal = EntrySignalEvent | ExitSignalEvent;

/**
 * The specification's TradeExecutionService: authorizes and executes every entry and exit signal through the
 * `TradeExecutor`, publishes `OrderPlacedEvent` for each order, `TradingBlockedEvent` when trading becomes
 * blocked (with every reason) and `TradingAuthorizedEvent` when it is possible again.
 *
 * @example
 * ```ts
 * const service = new TradeExecutionService(io, { executor, config: config.services.trade_execution, baseTimeframe: '1' });
 * bus.subscribe('EntrySignalEvent', (event) => service.onSignal(event));
 * ```
 */
export class TradeExecutionService {
  private readonly counters = { trades_executed: 0, orders_placed: 0, orders_rejected: 0, risk_breaches: 0 };
  private readonly batch: Signal[] = [];
  /** Signals received while the cycle window was open, for {@link runDeferred} at the cycle's end. */
  private readonly deferred: Signal[] = [];
  private pending: Promise<void> = Promise.resolve();
  /** Executions handed to {@link pending} and not settled yet: a deferred signal must not overtake them. */
  private enqueued = 0;
  /** Length of a base bar (a mark is timed at its bar's close): parsed once, not on every candle. */
  private readonly barMilliseconds: number;
  private readonly logs: LevelsOn;
  /** The service's io with its log levels, for the order reports (which check them before logging). */
  private readonly orderIo: OrderEventsIo;
  /** The bar {@link onBar} is handling, for {@link reportBar}. */
  private barEvent: NewCandleEvent | undefined;
  private readonly reportBar = (execution: BarExecution): void => {
    if (execution.result.status === 'filled') this.counters.orders_placed++;
    else if (execution.result.status === 'rejected') this.counters.orders_rejected++;
    reportBarExecution(this.orderIo, execution, this.barEvent!);
  };

  constructor(
    private readonly io: ServiceIo,
    private readonly options: {
      executor: TradeExecutor;
      config: SystemConfig['services']['trade_execution'];
      baseTimeframe: string;
      /**
       * The trading loop's cycle window: while it is open (and nothing is queued on the promise path),
       * signals wait for {@link runDeferred} at the cycle's end instead of a microtask each.
       */
      cycle?: CycleWindow;
    },
  ) {
    this.barMilliseconds = Number(options.baseTimeframe) * 60_000;
    this.logs = levelsOn(io.logger);
    this.orderIo = {
      publish: (event: TradingEvent) => io.publish(event),
      events: io.events,
      logger: io.logger,
      logs: this.logs,
    };
  }

  /** Signals are executed one at a time, in arrival order, even when the broker answers asynchronously. */
  onSignal(signal: Signal): Promise<void> {
    if (this.options.config.execution_mode === 'batch') {
      this.batch.push(signal);
      if (this.batch.length < this.options.config.batch_size) return this.pending;
      const signals = this.batch.splice(0, this.batch.length);
      return this.enqueue(async () => {
        for (const queued of signals) await this.execute(queued);
      });
    }
    return this.enqueue(() => this.execute(signal));
  }

  /**
   * {@link onSignal}, or, while the cycle window is open (and nothing waits on the queue), the signal kept
   * for the cycle's end ({@link runDeferred}), where it executes in the same order without a promise:
   * undefined then. The service's bus handlers take this path.
   *
   * @example
   * ```ts
   * bus.subscribe('EntrySignalEvent', (event) => service.receiveSignal(event));
   * ```
   */
  receiveSignal(signal: Signal): Promise<void> | undefined {
    if (
      this.options.cycle?.open === true &&
      this.enqueued === 0 &&
      this.options.config.execution_mode !== 'batch'
    ) {
      this.deferred.push(signal);
      return undefined;
    }
    return this.onSignal(signal);
  }

  /**
   * Executes the signals deferred during the cycle, in arrival order: synchronously while the executor
   * answers at once (a backtest: no promise on a bar that signals); from the first asynchronous answer on,
   * the rest wait on the queue as received signals do, and the returned promise settles with them.
   * A failed execution goes to `failed` with its signal, and the next signals still execute, as queued
   * executions do after one of them failed.
   *
   * @example
   * ```ts
   * declare const service: TradeExecutionService;
   * service.runDeferred((error, signal) => console.error(signal.eventId, error));
   * ```
   */
  runDeferred(failed: (error: unknown, signal: Signal) => void): void | Promise<void> {
    const signals = this.deferred;
    // Most cycles leave nothing (and setting an array's length is a call into the runtime).
    if (signals.length === 0) return undefined;
    for (let index = 0; index < signals.length; index++) {
      const signal = signals[index]!;
      let outcome: void | Promise<void>;
      try {
        outcome = this.execute(signal);
      } catch (error) {
        failed(error, signal);
        continue;
      }
      if (outcome instanceof Promise) {
        // The queue waits for this execution, then takes the rest in order.
        const started = outcome;
        const rest = signals.slice(index);
        signals.length = 0;
        const executions = rest.map((next, at) =>
          this.enqueue(at === 0 ? () => started : () => this.execute(next)).catch((error: unknown) =>
            failed(error, next),
          ),
        );
        return Promise.all(executions).then(() => undefined);
      }
    }
    signals.length = 0;
    return undefined;
  }

  /** Marks positions to market on each base candle and re-checks authorization (news windows end, days roll). */
  onNewCandle(event: NewCandleEvent): void {
    if (event.timeframe !== this.options.baseTimeframe) return;
    const change = this.options.executor.onPrice(
      event.symbol,
      event.bar.close,
      event.bar.time + this.barMilliseconds,
    );
    this.publishAuthorizationChange(change, event);
  }

  /**
   * One base bar as the market saw it, before the strategies evaluate it: working orders fill at its
   * open (limit entries when it reaches their price), stops, targets and margin are checked inside it
   * (see `TradeExecutor.onBar`).
   */
  onBar(event: NewCandleEvent): void {
    if (event.timeframe !== this.options.baseTimeframe) return;
    // One report function for every bar (not a closure per bar): the bar it reports for is a field, saved
    // and restored around the call in case a report leads to another bar being handled meanwhile.
    const outer = this.barEvent;
    this.barEvent = event;
    try {
      this.options.executor.onBar(event.symbol, event.bar, this.reportBar, event);
    } finally {
      this.barEvent = outer;
    }
  }

  /** Executes what a partial batch (or the cycle) holds; called on shutdown so no signal is left behind. */
  flush(): Promise<void> {
    const signals = [
      ...this.deferred.splice(0, this.deferred.length),
      ...this.batch.splice(0, this.batch.length),
    ];
    return this.enqueue(async () => {
      for (const queued of signals) await this.execute(queued);
    });
  }

  /** Resolves when every signal received so far has been executed. */
  settled(): Promise<void> {
    return this.pending;
  }

  private enqueue(work: () => void | Promise<void>): Promise<void> {
    this.enqueued++;
    const run = this.pending.then(work);
    // A failure fails this call (and so the service); the queue itself stays usable for the restart.
    this.pending = run.catch(() => undefined);
    // Counted down beside the queue, not in it: the queue's own timing stays as it was.
    run.then(this.settle, this.settle);
    return run;
  }

  private readonly settle = (): void => {
    this.enqueued--;
  };

  /** Synchronous when the executor answers at once (a backtest): no promise per signal then. */
  private execute(signal: Signal): void | Promise<void> {
    this.counters.trades_executed++;
    const outcome = this.options.executor.executeNow(signal);
    if (outcome instanceof Promise) return outcome.then((result) => this.publishResult(result, signal));
    this.publishResult(outcome, signal);
  }

  private publishResult(result: ExecutionResult, signal: Signal): void {
    switch (result.status) {
      case 'filled': {
        this.counters.orders_placed++;
        const { fill, order } = result;
        // The check of this entry may be what found a reported block gone (when no candle re-checked it
        // first): the executor has already forgotten the block, so this is the only chance to announce it.
        if (result.becameAuthorized)
          this.publishAuthorizationChange({ becameAuthorized: result.becameAuthorized }, signal);
        publishOrderPlaced(this.orderIo, fill, order, signal);
        break;
      }
      case 'queued':
        // Accepted: it fills at the next bar's open, and is counted and published then (see onBar).
        if (result.becameAuthorized)
          this.publishAuthorizationChange({ becameAuthorized: result.becameAuthorized }, signal);
        if (this.logs.debug)
          this.io.logger.debug(
            { symbol: signal.symbol, strategy: signal.strategy_name },
            `Order working: ${result.order.intent} ${result.order.direction} ${result.order.size} ${signal.symbol} at the next open`,
          );
        break;
      case 'blocked':
        this.counters.orders_rejected++;
        if (result.reasons.includes('risk_breach')) this.counters.risk_breaches++;
        if (result.becameBlocked) {
          if (this.logs.warn)
            this.io.logger.warn(
              { symbol: signal.symbol },
              `Trading blocked for ${signal.symbol}: ${result.reasons.join(', ')} (${result.details.join('; ')})`,
            );
          this.io.publish(
            this.io.events.create(
              'TradingBlockedEvent',
              { symbol: signal.symbol, reasons: result.reasons, details: result.details },
              signal,
            ),
          );
        }
        break;
      case 'rejected':
        this.counters.orders_rejected++;
        if (this.logs.warn)
          this.io.logger.warn(
            { symbol: signal.symbol },
            `Order rejected: ${result.reason}${result.detail === undefined ? '' : ` (${result.detail})`}`,
          );
        break;
      case 'ignored':
        if (this.logs.debug)
          this.io.logger.debug({ symbol: signal.symbol }, `Signal ignored: ${result.reason}`);
        break;
    }
  }

  private publishAuthorizationChange(
    change: ReturnType<TradeExecutor['onPrice']>,
    cause: TradingEvent,
  ): void {
    if (change.becameBlocked) {
      if (this.logs.warn)
        this.io.logger.warn(
          { symbol: change.becameBlocked.symbol },
          `Trading blocked for ${change.becameBlocked.symbol}: ${change.becameBlocked.reasons.join(', ')} (${change.becameBlocked.details.join('; ')})`,
        );
      this.io.publish(
        this.io.events.create(
          'TradingBlockedEvent',
          {
            symbol: change.becameBlocked.symbol,
            reasons: change.becameBlocked.reasons,
            details: change.becameBlocked.details,
          },
          cause,
        ),
      );
    }
    if (change.becameAuthorized) {
      if (this.logs.info)
        this.io.logger.info(
          { symbol: change.becameAuthorized.symbol },
          `Trading authorized for ${change.becameAuthorized.symbol}: ${change.becameAuthorized.reason}`,
        );
      this.io.publish(
        this.io.events.create(
          'TradingAuthorizedEvent',
          { symbol: change.becameAuthorized.symbol, reason: change.becameAuthorized.reason },
          cause,
        ),
      );
    }
  }

  metrics(): Record<string, number> {
    return { ...this.counters };
  }
}
