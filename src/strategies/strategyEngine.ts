import type { SystemConfig } from '../config/systemConfig.js';
import type { IndicatorRow } from '../events/candle.js';
import type { Direction, ExitReason, OrderPlacedEvent } from '../events/tradingEvents.js';
import { EntryManager } from './entryManager.js';
import type { OpenPosition, PendingEntry } from './entryManagerState.js';
import { entryLevels, entryLimit, riskExitReason } from './exitRules.js';
import { StrategyConfigError } from './strategyConfigError.js';
import { StrategyEvaluationError } from './strategyEvaluationError.js';
import { buildStrategyInstance, type StrategyInstance } from './strategyInstance.js';
import type { StrategyRegistry } from './strategyRegistry.js';

/**
 * What the engine decided on a candle; the service turns it into an `EntrySignalEvent` / `ExitSignalEvent`.
 *
 * @example
 * ```ts
 * declare const engine: StrategyEngine;
 * declare const event: IndicatorsCalculatedEvent;
 * for (const decision of engine.evaluate('EURUSD', '1', event.recent_rows)) {
 *   if (decision.kind === 'entry') console.log(decision.strategyName, decision.direction);
 * }
 * ```
 */
export type StrategyDecision =
  | {
      kind: 'entry';
      strategyName: string;
      symbol: string;
      timeframe: string;
      direction: Direction;
      /** Open time of the closed candle the decision was made on. */
      candleTime: number;
      /** Close of that candle: the reference price. */
      price: number;
      /** Bar index of that candle on (symbol, timeframe). */
      barIndex: number;
      stopLoss?: number;
      takeProfit?: number;
      /** Enter with a limit order at this price instead of at market (`entry_limit_atr`). */
      limitPrice?: number;
    }
  | {
      kind: 'exit';
      strategyName: string;
      symbol: string;
      timeframe: string;
      /** Direction of the position being closed. */
      direction: Direction;
      candleTime: number;
      /** Close of the triggering candle: exits execute at market on that close. */
      price: number;
      barIndex: number;
      reason: ExitReason;
    };

/**
 * Options of {@link StrategyEngine}: what the configured strategies are checked against.
 *
 * @example
 * ```ts
 * const registry = StrategyRegistry.withBuiltins();
 * const engine = new StrategyEngine(config.services.strategy_evaluation, registry, { symbols: ['EURUSD'], defaultTimeframe: '1' });
 * ```
 */
export interface StrategyEngineOptions {
  /** Symbols traded; the default of a strategy without `symbols`, and the set its `symbols` must come from. */
  symbols: readonly string[];
  /** Timeframe of a strategy without `timeframes` (the base timeframe). */
  defaultTimeframe: string;
  /** Timeframes computed, to check `timeframes:` against (unchecked when absent). */
  timeframes?: readonly string[];
  /** Indicator columns computed (e.g. `bb_upper`, not `bb`), to check `requiredIndicators` against. */
  availableIndicators?: readonly string[];
  /** Receives each error a strategy's `evaluate` throws; that strategy is skipped for that candle. */
  onEvaluationError?: (error: StrategyEvaluationError) => void;
}

/**
 * The `services.strategy_evaluation` section the engine reads.
 *
 * @example
 * ```ts
 * const evaluation: StrategyEvaluationConfig = config.services.strategy_evaluation;
 * ```
 */
export type StrategyEvaluationConfig = SystemConfig['services']['strategy_evaluation'];

/**
 * Runs the configured strategies on each closed candle and decides entries and exits. Configuration is
 * validated once here (parameters, types, symbols, timeframes, regimes, indicator columns), so the
 * per-candle path does no parsing. Positions come from the `entryManager`, which the service updates on
 * `OrderPlacedEvent`.
 *
 * On each candle, for every strategy routed to (symbol, timeframe):
 * - with an open position: exit on stop-loss, take-profit, maximum holding time, then opposite signal (in
 *   that order; regimes do not gate exits). Exits execute at market on the close of the candle that
 *   triggered them: the decision's `price` is that close. Intrabar stop fills are not simulated, so a stop
 *   that gaps or is touched mid-bar is reported at the close, not at the stop price. No entry follows on
 *   the same candle; the cooldown starts at the exit.
 * - without: enter when the last row's regime is allowed, `rows.length ≥ min_rows_required`, the required
 *   columns are present on the last row, the entry manager allows it and the strategy answers a direction.
 *   Stop and target are `close ∓/± atr × multiple` from the last row's `atr` (left out when ATR is absent).
 *
 * `evaluation_mode: on_new_candle` ignores a candle time already evaluated; `on_every_update` evaluates it
 * again (the entry manager still allows one entry and one exit per candle). Rows older than the last seen
 * candle are ignored in both modes.
 *
 * @example
 * ```ts
 * declare const event: IndicatorsCalculatedEvent;
 * const config = SystemConfigSchema.parse({}).services.strategy_evaluation;
 * const engine = new StrategyEngine(config, StrategyRegistry.withBuiltins(), { symbols: ['EURUSD'], defaultTimeframe: '1' });
 * for (const decision of engine.evaluate('EURUSD', '1', event.recent_rows)) {
 *   // publish EntrySignalEvent / ExitSignalEvent
 * }
 * ```
 */
export class StrategyEngine {
  readonly entryManager: EntryManager;
  /** Running totals for the service's metrics: `evaluate` calls made, and those that threw. */
  readonly counters = { strategiesEvaluated: 0, evaluationErrors: 0 };
  /** Strategy evaluations made by the last `evaluate` call (0 when it skipped the candle). */
  lastEvaluationCount = 0;
  /** Of those, how many threw (each reported to `onEvaluationError`). */
  lastEvaluationErrors = 0;
  private readonly routes = new Map<string, Map<string, StrategyInstance[]>>();
  /** The route of the last (symbol, timeframe) evaluated: usually the next one's too. */
  /*
   * The route's symbol and timeframe start at '' (no symbol or timeframe is empty), not undefined: optimised code
   * that compared only strings here was deoptimised ("wrong instance type") by the first comparison with
   * undefined in every new trading system of a process (an optimiser worker runs one per trial).
   */
  private routeSymbol = '';
  private routeTimeframe = '';
  private routeInstances: StrategyInstance[] | undefined;
  private readonly instances: StrategyInstance[] = [];

  constructor(
    private readonly config: StrategyEvaluationConfig,
    registry: StrategyRegistry,
    private readonly options: StrategyEngineOptions,
  ) {
    this.entryManager = new EntryManager({ cooldownBars: config.cooldown_bars });
    const names = new Set<string>();
    for (const entry of config.strategies) {
      if (names.has(entry.name))
        throw new StrategyConfigError(entry.name, 'name is used by another strategy');
      names.add(entry.name);
      const instance = buildStrategyInstance(entry, registry, options);
      this.instances.push(instance);
      for (const symbol of instance.symbols) {
        for (const timeframe of instance.timeframes) this.route(symbol, timeframe, instance);
      }
    }
  }

  /** Names of the configured strategy instances, in configuration order. */
  get strategyNames(): string[] {
    return this.instances.map((instance) => instance.name);
  }

  /** Whether any strategy is routed to (symbol, timeframe): the service may skip other events cheaply. */
  handles(symbol: string, timeframe: string): boolean {
    return this.routes.get(symbol)?.has(timeframe) ?? false;
  }

  /**
   * Evaluates every strategy configured for (symbol, timeframe) on `rows` (oldest first, the last one the
   * candle just closed) and returns the decisions: exits first per strategy, at most one decision per
   * strategy. Entries and exits returned are already marked pending in the entry manager.
   */
  evaluate(symbol: string, timeframe: string, rows: readonly IndicatorRow[]): StrategyDecision[] {
    this.lastEvaluationCount = 0;
    this.lastEvaluationErrors = 0;
    if (
      symbol !== this.routeSymbol ||
      timeframe !== this.routeTimeframe ||
      this.routeInstances === undefined
    ) {
      this.routeSymbol = symbol;
      this.routeTimeframe = timeframe;
      this.routeInstances = this.routes.get(symbol)?.get(timeframe);
    }
    const instances = this.routeInstances;
    const last = rows[rows.length - 1];
    if (instances === undefined || last === undefined) return [];
    const advance = this.entryManager.advanceBar(symbol, timeframe, last.time);
    if (advance === 'stale' || (advance === 'repeat' && this.config.evaluation_mode === 'on_new_candle'))
      return [];
    const barIndex = this.entryManager.barIndex(symbol, timeframe);
    const enoughRows = rows.length >= this.config.min_rows_required;
    const decisions: StrategyDecision[] = [];
    for (const instance of instances) {
      const position = this.entryManager.position(symbol, instance.name);
      if (position !== undefined) {
        // A position is managed on the timeframe it was opened on (its bars count the holding time), and
        // only candles after the entry candle can exit it: the entry was taken at that candle's close.
        if (position.timeframe !== undefined && position.timeframe !== timeframe) continue;
        if (last.time <= position.entryTime || !this.entryManager.canExit(symbol, instance.name, last.time))
          continue;
        const barsHeld = barIndex - position.barIndex;
        let reason = riskExitReason(position, last, barsHeld, instance.maxHoldingBars);
        if (reason === undefined && enoughRows && hasColumns(last, instance.strategy.requiredIndicators)) {
          const wanted = this.run(instance, symbol, timeframe, rows, last.time);
          if (wanted !== undefined && wanted !== position.direction) reason = 'opposite_signal';
        }
        if (reason === undefined) continue;
        this.entryManager.markExitPending(symbol, instance.name, { candleTime: last.time, barIndex });
        decisions.push({
          kind: 'exit',
          strategyName: instance.name,
          symbol,
          timeframe,
          direction: position.direction,
          candleTime: last.time,
          price: last.close,
          barIndex,
          reason,
        });
        continue;
      }
      if (!enoughRows || (instance.regimes !== undefined && !instance.regimes.has(last.regime))) continue;
      if (!hasColumns(last, instance.strategy.requiredIndicators)) continue;
      if (!this.entryManager.canEnter(symbol, instance.name, last.time, barIndex, timeframe).allowed)
        continue;
      const direction = this.run(instance, symbol, timeframe, rows, last.time);
      if (direction === undefined) continue;
      const limit = entryLimit(direction, last.close, last.indicators.atr, instance.entryLimitAtr);
      // Stops and targets are measured from where the position will be entered: the limit, if any.
      const levels = entryLevels(
        direction,
        limit?.limitPrice ?? last.close,
        last.indicators.atr,
        instance.stopLossAtr,
        instance.takeProfitAtr,
      );
      // Literals and assignments, not spreads: `{ ...object }` with more keys leaves V8's fast path (~1.7 µs
      // each). The key order is the one the spreads gave (checkpoints serialize the pending entry).
      const candleTime = last.time;
      const price = last.close;
      const pending: PendingEntry = { direction, timeframe, candleTime, barIndex, price };
      this.entryManager.markEntryPending(symbol, instance.name, withLevels(pending, levels));
      const decision = withLevels<Extract<StrategyDecision, { kind: 'entry' }>>(
        {
          kind: 'entry',
          strategyName: instance.name,
          symbol,
          direction,
          timeframe,
          candleTime,
          barIndex,
          price,
        },
        levels,
      );
      if (limit !== undefined) decision.limitPrice = limit.limitPrice;
      decisions.push(decision);
    }
    return decisions;
  }

  /**
   * Position bookkeeping from the orders actually placed: intent `open` opens the pending entry at the
   * fill price (the decision's close when the broker gave none), intent `close` closes the position and
   * starts the cooldown. An order that was never placed (rejected) never gets here, so it leaves no
   * phantom position. An `open` with no pending entry (placed by someone else) is still tracked, on the
   * strategy's first timeframe for that symbol, without stop or target.
   */
  onOrderPlaced(event: OrderPlacedEvent): OpenPosition | undefined {
    const { symbol, strategy_name: strategyName } = event;
    const entries = this.entryManager;
    if (event.intent === 'close') return entries.confirmClose(symbol, strategyName);
    const pending = entries.pendingEntry(symbol, strategyName);
    if (pending !== undefined)
      return entries.confirmPendingOpen(symbol, strategyName, event.price ?? pending.price);
    const timeframe = this.instances.find(
      (instance) => instance.name === strategyName && instance.symbols.includes(symbol),
    )?.timeframes[0];
    if (timeframe === undefined || event.price === undefined) return undefined;
    return entries.confirmOpen(symbol, strategyName, {
      direction: event.direction,
      entryPrice: event.price,
      entryTime: entries.lastBarTime(symbol, timeframe) ?? 0,
      barIndex: Math.max(0, entries.barIndex(symbol, timeframe)),
      timeframe,
    });
  }

  private run(
    instance: StrategyInstance,
    symbol: string,
    timeframe: string,
    rows: readonly IndicatorRow[],
    candleTime: number,
  ): Direction | undefined {
    this.counters.strategiesEvaluated += 1;
    this.lastEvaluationCount += 1;
    try {
      const direction: unknown = instance.strategy.evaluate(rows);
      if (direction === undefined || direction === null) return undefined;
      if (direction === 'long' || direction === 'short') return direction;
      // A wrong value must not travel on as a signal: it is this strategy's error, like a throw.
      throw new TypeError(
        `evaluate() returned ${JSON.stringify(direction)?.slice(0, 80) ?? String(direction)}; expected 'long', 'short' or undefined`,
      );
    } catch (cause) {
      this.counters.evaluationErrors += 1;
      this.lastEvaluationErrors += 1;
      this.options.onEvaluationError?.(
        new StrategyEvaluationError(instance.name, symbol, timeframe, candleTime, cause),
      );
      return undefined;
    }
  }

  private route(symbol: string, timeframe: string, instance: StrategyInstance): void {
    let bySymbol = this.routes.get(symbol);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.routes.set(symbol, bySymbol);
    }
    const list = bySymbol.get(timeframe);
    if (list === undefined) bySymbol.set(timeframe, [instance]);
    else list.push(instance);
  }
}

/** `target` with the stop-loss and take-profit of `levels` that exist, added in that order. */
function withLevels<T extends { stopLoss?: number; takeProfit?: number }>(
  target: T,
  levels: { stopLoss?: number; takeProfit?: number },
): T {
  if (levels.stopLoss !== undefined) target.stopLoss = levels.stopLoss;
  if (levels.takeProfit !== undefined) target.takeProfit = levels.takeProfit;
  return target;
}

function hasColumns(row: IndicatorRow, columns: readonly string[]): boolean {
  for (const column of columns) if (row.indicators[column] === undefined) return false;
  return true;
}
