import type { SystemConfig } from '../config/systemConfig.js';
import type { Candle, IndicatorRow } from '../events/candle.js';
import type { NewCandleEvent } from '../events/tradingEvents.js';
import { appendRow } from '../indicators/appendRow.js';
import { IndicatorProcessor } from '../indicators/indicatorProcessor.js';
import { RegimeManager } from '../indicators/regimeManager.js';
import { emptyObjectArray } from '../util/emptyObjectArray.js';
import { type LevelsOn, levelsOn, type ServiceIo } from './serviceIo.js';

interface SeriesState {
  readonly symbol: string;
  readonly timeframe: string;
  processor: IndicatorProcessor;
  regime: RegimeManager;
  rows: IndicatorRow[];
  lastTime: number;
}

export interface IndicatorCalculationOptions {
  config: SystemConfig['services']['indicator_calculation'];
  /** Recent closed bars of a series, to warm indicators up again after a restart. */
  history?: (symbol: string, timeframe: string, count: number) => Candle[];
}

/**
 * The specification's IndicatorCalculationService: on every `NewCandleEvent` it updates the series' indicators
 * (incrementally) and regime, publishes `IndicatorsCalculatedEvent` with the last `recent_rows_limit`
 * rows, and `RegimeChangedEvent` when the regime changes.
 *
 * @example
 * ```ts
 * const service = new IndicatorCalculationService(io, { config: config.services.indicator_calculation });
 * bus.subscribe('NewCandleEvent', (event) => service.onNewCandle(event));
 * ```
 */
export class IndicatorCalculationService {
  /** Symbol → timeframe → series (nested: no key string per candle). */
  private readonly series = new Map<string, Map<string, SeriesState>>();
  private readonly counters = { indicators_calculated: 0, regime_changes_detected: 0, processing_errors: 0 };
  private readonly logs: LevelsOn;
  /** The series of the last candle (see {@link seriesOf}). */
  private lastSeries: SeriesState | undefined;

  constructor(
    private readonly io: ServiceIo,
    private readonly options: IndicatorCalculationOptions,
  ) {
    this.logs = levelsOn(io.logger);
  }

  onNewCandle(event: NewCandleEvent): void {
    const state = this.seriesOf(event);
    // A candle at or before the last one processed is a replay (redelivery, restart): ignore it.
    if (event.bar.time <= state.lastTime) return;
    let values: Record<string, number>;
    try {
      values = state.processor.update(event.bar);
    } catch (error) {
      this.counters.processing_errors++;
      throw error;
    }
    state.lastTime = event.bar.time;
    const classification = state.regime.update(values);
    const bar = event.bar;
    // `values` is the processor's fresh object for this candle: the row owns it, no copy needed. The rows
    // array is replaced, never changed, so the event carries it as it is (one array per candle).
    state.rows = appendRow(state.rows, this.options.config.recent_rows_limit, {
      time: bar.time,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      indicators: values,
      regime: classification.regime,
    });
    this.counters.indicators_calculated++;
    if (this.logs.debug) {
      this.io.logger.debug(
        { symbol: event.symbol, timeframe: event.timeframe, regime: classification.regime },
        `Indicators calculated for ${event.symbol} ${event.timeframe}`,
      );
    }
    this.io.publish(this.io.events.indicatorsCalculated(event.symbol, event.timeframe, state.rows, event));
    if (classification.changed) {
      this.counters.regime_changes_detected++;
      if (this.options.config.track_regime_changes) {
        if (this.logs.info)
          this.io.logger.info(
            { symbol: event.symbol, timeframe: event.timeframe },
            `Regime ${classification.previous} -> ${classification.regime}`,
          );
        this.io.publish(
          this.io.events.create(
            'RegimeChangedEvent',
            {
              symbol: event.symbol,
              timeframe: event.timeframe,
              old_regime: classification.previous,
              new_regime: classification.regime,
            },
            event,
          ),
        );
      }
    }
  }

  /**
   * The series of the event's symbol and timeframe, created on its first candle. The last one found is
   * checked first: a backtest of one symbol and timeframe then looks up no map per candle.
   */
  private seriesOf(event: NewCandleEvent): SeriesState {
    const last = this.lastSeries;
    if (last !== undefined && last.symbol === event.symbol && last.timeframe === event.timeframe) return last;
    let bySymbol = this.series.get(event.symbol);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.series.set(event.symbol, bySymbol);
    }
    let state = bySymbol.get(event.timeframe);
    if (!state) {
      state = this.createSeries(event.symbol, event.timeframe, event.bar.time);
      bySymbol.set(event.timeframe, state);
    }
    this.lastSeries = state;
    return state;
  }

  /** A fresh series, warmed up from recent history when the service restarts mid-run. */
  private createSeries(symbol: string, timeframe: string, firstTime: number): SeriesState {
    const processor = new IndicatorProcessor(this.options.config.indicators);
    const regime = new RegimeManager(this.options.config.regime);
    const state: SeriesState = {
      symbol,
      timeframe,
      processor,
      regime,
      // Of the kind appendRow's arrays are, so that its optimised code takes every system's first one.
      rows: emptyObjectArray<IndicatorRow>('holey'),
      lastTime: Number.NEGATIVE_INFINITY,
    };
    const history = this.options.history?.(symbol, timeframe, processor.warmupPeriod + 50) ?? [];
    for (const bar of history) {
      if (bar.time >= firstTime) break;
      const values = processor.update(bar);
      const classification = regime.update(values);
      state.rows = appendRow(state.rows, this.options.config.recent_rows_limit, {
        ...bar,
        indicators: values,
        regime: classification.regime,
      });
      state.lastTime = bar.time;
    }
    return state;
  }

  metrics(): Record<string, number> {
    return { ...this.counters };
  }
}
