import type { IndicatorsCalculatedEvent, OrderPlacedEvent } from '../events/tradingEvents.js';
import { entrySignalPayload, exitSignalPayload } from '../strategies/signalPayloads.js';
import type { StrategyEngine } from '../strategies/strategyEngine.js';
import { type LevelsOn, levelsOn, type ServiceIo } from './serviceIo.js';

/**
 * The specification's StrategyEvaluationService: evaluates the configured strategies on every
 * `IndicatorsCalculatedEvent`, lets the `EntryManager` filter entries, and publishes `EntrySignalEvent` /
 * `ExitSignalEvent`. Positions are confirmed from `OrderPlacedEvent`, so a refused order leaves no
 * phantom position behind.
 *
 * @example
 * ```ts
 * const service = new StrategyEvaluationService(io, engine);
 * bus.subscribe('IndicatorsCalculatedEvent', (event) => service.onIndicators(event));
 * bus.subscribe('OrderPlacedEvent', (event) => service.onOrderPlaced(event));
 * ```
 */
export class StrategyEvaluationService {
  private readonly counters = {
    strategies_evaluated: 0,
    entry_signals_generated: 0,
    exit_signals_generated: 0,
    evaluation_errors: 0,
  };
  private readonly logs: LevelsOn;

  constructor(
    private readonly io: ServiceIo,
    readonly engine: StrategyEngine,
  ) {
    this.logs = levelsOn(io.logger);
  }

  onIndicators(event: IndicatorsCalculatedEvent): void {
    let decisions: ReturnType<StrategyEngine['evaluate']>;
    try {
      decisions = this.engine.evaluate(event.symbol, event.timeframe, event.recent_rows);
    } catch (error) {
      this.counters.evaluation_errors++;
      throw error;
    }
    this.counters.strategies_evaluated += this.engine.lastEvaluationCount;
    // The engine isolates a throwing strategy (the others still run); count it here.
    this.counters.evaluation_errors += this.engine.lastEvaluationErrors;
    for (const decision of decisions) {
      if (decision.kind === 'entry') {
        this.counters.entry_signals_generated++;
        if (this.logs.info)
          this.io.logger.info(
            { symbol: decision.symbol, timeframe: decision.timeframe, strategy: decision.strategyName },
            `Entry signal ${decision.direction} ${decision.symbol} by ${decision.strategyName}`,
          );
        this.io.publish(this.io.events.create('EntrySignalEvent', entrySignalPayload(decision), event));
      } else {
        this.counters.exit_signals_generated++;
        if (this.logs.info)
          this.io.logger.info(
            { symbol: decision.symbol, timeframe: decision.timeframe, strategy: decision.strategyName },
            `Exit signal ${decision.direction} ${decision.symbol} by ${decision.strategyName} (${decision.reason})`,
          );
        this.io.publish(this.io.events.create('ExitSignalEvent', exitSignalPayload(decision), event));
      }
    }
  }

  /** Confirms positions from the orders actually placed. */
  onOrderPlaced(event: OrderPlacedEvent): void {
    this.engine.onOrderPlaced(event);
  }

  metrics(): Record<string, number> {
    return { ...this.counters };
  }
}
