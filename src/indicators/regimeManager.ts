import type { SystemConfig } from '../config/systemConfig.js';
import { RollingStatistics } from './rollingStatistics.js';

/**
 * Market regime of one series at a candle's close.
 *
 * @example
 * ```ts
 * system.bus.subscribe('RegimeChangedEvent', (event) => {
 *   if ((event.new_regime as Regime) === 'volatile') console.warn('volatile market');
 * });
 * ```
 */
export type Regime = 'trending_up' | 'trending_down' | 'ranging' | 'volatile' | 'unknown';

/**
 * The `services.indicator_calculation.regime` config section.
 *
 * @example
 * ```ts
 * const manager = new RegimeManager(config.services.indicator_calculation.regime);
 * ```
 */
export type RegimeConfig = SystemConfig['services']['indicator_calculation']['regime'];

/**
 * Which indicator columns the rules read; +DI/−DI are `<adx>_plus_di` / `<adx>_minus_di`.
 *
 * @example
 * ```ts
 * const manager = new RegimeManager(config.services.indicator_calculation.regime, { adx: 'adx', ema: 'ema_slow', atr: 'atr' });
 * ```
 */
export interface RegimeIndicatorNames {
  adx: string;
  ema: string;
  atr: string;
}

/**
 * The result of {@link RegimeManager.update}.
 *
 * @example
 * ```ts
 * const manager = new RegimeManager(config.services.indicator_calculation.regime);
 * declare const row: Record<string, number>; // the last indicator values of EURUSD 5
 * const { regime, previous, changed } = manager.update(row);
 * if (changed) console.log(`${previous} -> ${regime}`);
 * ```
 */
export interface RegimeUpdate {
  regime: Regime;
  previous: Regime;
  changed: boolean;
}

const defaultNames: RegimeIndicatorNames = { adx: 'adx', ema: 'ema_slow', atr: 'atr' };

/**
 * Classifies the market regime after each candle from its indicator values, in this order:
 *
 * 1. `unknown` while warming up: a needed value (ADX, +DI, −DI, slow EMA, ATR) is absent, fewer than
 *    `ema_slope_bars + 1` slow-EMA values or fewer than `atr_average_period` ATR values have been seen.
 * 2. `volatile` when ATR > `volatile_atr_ratio` × the simple average of the last `atr_average_period` ATR
 *    values (including the current one; kept in O(1) by {@link RollingStatistics}).
 * 3. `trending_up` when ADX ≥ `adx_trend_threshold`, the slow EMA rose over the last `ema_slope_bars`
 *    candles (EMA now − EMA `ema_slope_bars` candles ago > 0) and +DI > −DI.
 * 4. `trending_down` mirrored: ADX ≥ threshold, EMA slope < 0 and −DI > +DI.
 * 5. `ranging` otherwise (weak ADX, or slope and DI disagree).
 *
 * `changed` is true whenever the regime differs from the previous candle's, including the first step out
 * of `unknown`. A candle whose values are missing again (a gap) classifies as `unknown` without clearing
 * the history.
 *
 * @example
 * ```ts
 * declare const processor: IndicatorProcessor;
 * declare const candle: Candle;
 * declare function publish(event: { type: 'RegimeChangedEvent'; old_regime: Regime; new_regime: Regime }): void;
 * const regimes = new RegimeManager(config.services.indicator_calculation.regime);
 * const { regime, previous, changed } = regimes.update(processor.update(candle));
 * if (changed) publish({ type: 'RegimeChangedEvent', old_regime: previous, new_regime: regime });
 * ```
 */
export class RegimeManager {
  /** Candles with complete indicator values needed before a regime other than `unknown`. */
  readonly warmupPeriod: number;
  private regime: Regime = 'unknown';
  private readonly names: RegimeIndicatorNames;
  private readonly plusDiKey: string;
  private readonly minusDiKey: string;
  private readonly atrAverage: RollingStatistics;
  /** Ring of the last `ema_slope_bars + 1` slow-EMA values. */
  private readonly emaHistory: Float64Array;
  private emaNext = 0;
  private emaCount = 0;

  constructor(
    private readonly config: RegimeConfig,
    names?: RegimeIndicatorNames,
  ) {
    this.names = names ?? defaultNames;
    this.plusDiKey = `${this.names.adx}_plus_di`;
    this.minusDiKey = `${this.names.adx}_minus_di`;
    this.atrAverage = new RollingStatistics(config.atr_average_period);
    this.emaHistory = new Float64Array(config.ema_slope_bars + 1);
    this.warmupPeriod = Math.max(config.atr_average_period, config.ema_slope_bars + 1);
  }

  /** The regime after the last update (`unknown` before the first). */
  get current(): Regime {
    return this.regime;
  }

  /** Classifies after a candle's indicator values; returns `{ regime, changed, previous }`. */
  update(values: Record<string, number>): RegimeUpdate {
    const previous = this.regime;
    this.regime = this.classify(values);
    return { regime: this.regime, previous, changed: this.regime !== previous };
  }

  private classify(values: Record<string, number>): Regime {
    const ema = values[this.names.ema];
    const atr = values[this.names.atr];
    if (ema !== undefined) this.recordEma(ema);
    if (atr !== undefined) this.atrAverage.push(atr);

    const adx = values[this.names.adx];
    const plusDi = values[this.plusDiKey];
    const minusDi = values[this.minusDiKey];
    if (
      adx === undefined ||
      plusDi === undefined ||
      minusDi === undefined ||
      ema === undefined ||
      atr === undefined ||
      !this.atrAverage.isFull ||
      this.emaCount < this.emaHistory.length
    ) {
      return 'unknown';
    }

    if (atr > this.config.volatile_atr_ratio * this.atrAverage.mean) return 'volatile';
    if (adx >= this.config.adx_trend_threshold) {
      // The oldest value in the ring is the EMA `ema_slope_bars` candles ago.
      const slope = ema - (this.emaHistory[this.emaNext] as number);
      if (slope > 0 && plusDi > minusDi) return 'trending_up';
      if (slope < 0 && minusDi > plusDi) return 'trending_down';
    }
    return 'ranging';
  }

  private recordEma(ema: number): void {
    this.emaHistory[this.emaNext] = ema;
    this.emaNext = this.emaNext + 1 === this.emaHistory.length ? 0 : this.emaNext + 1;
    if (this.emaCount < this.emaHistory.length) this.emaCount++;
  }
}
