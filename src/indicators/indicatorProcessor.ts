import type { IndicatorSpec } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import { createIndicatorCalculator } from './createIndicatorCalculator.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';
import { IndicatorConfigError } from './indicatorConfigError.js';

/**
 * Computes the configured indicators incrementally: each closed candle costs O(1) per indicator, nothing
 * is recomputed over the history. Column names: the spec `name` for single-output indicators (EMA, SMA,
 * RSI, ATR); `<name>_<output>` for the others, plus the ADX line itself under `<name>` and MACD under
 * `<name>` (see docs/indicators.md for every convention).
 *
 * @example
 * ```ts
 * const processor = new IndicatorProcessor(config.services.indicator_calculation.indicators);
 * const bars = new EventBuilders();
 * processor.warmUp([bars.candle({ close: 1.1 }), bars.candle({ close: 1.2 })]); // after a restart
 * const values = processor.update(bars.candle({ close: 1.3 })); // { ema_fast, ema_slow, ..., bb_upper, ... }
 * ```
 */
export class IndicatorProcessor {
  /** Candles needed before every indicator has a value. */
  readonly warmupPeriod: number;
  /** Every column this processor can write, in spec order. */
  readonly columns: readonly string[];
  private readonly calculators: readonly IndicatorCalculator[];
  private readonly scratch: Record<string, number> = {};
  private candlesSeen = 0;

  /** @throws IndicatorConfigError for an invalid spec or two indicators writing the same column. */
  constructor(specs: readonly IndicatorSpec[]) {
    const calculators = specs.map(createIndicatorCalculator);
    const owners = new Map<string, string>();
    for (const calculator of calculators) {
      for (const column of calculator.outputs) {
        const owner = owners.get(column);
        if (owner !== undefined) {
          throw new IndicatorConfigError(
            calculator.name,
            `column "${column}" is already written by "${owner}"`,
          );
        }
        owners.set(column, calculator.name);
      }
    }
    this.calculators = calculators;
    this.columns = [...owners.keys()];
    this.warmupPeriod = calculators.reduce(
      (longest, calculator) => Math.max(longest, calculator.warmupPeriod),
      0,
    );
  }

  /** Feeds one closed candle; returns the values after it (absent keys while warming up). O(1) amortized. */
  update(candle: Candle): Record<string, number> {
    const values: Record<string, number> = {};
    this.feed(candle, values);
    return values;
  }

  /** Feeds candles in order (warm-up after a restart) without building a result per candle. */
  warmUp(candles: readonly Candle[]): void {
    for (const candle of candles) this.feed(candle, this.scratch);
  }

  /** Closed candles fed so far. */
  get candleCount(): number {
    return this.candlesSeen;
  }

  /** True once every indicator has a value. */
  get isWarm(): boolean {
    return this.candlesSeen >= this.warmupPeriod;
  }

  /** Values held in the processor's own buffers; bounded by the configured periods, never by history. */
  get retainedValues(): number {
    let total = 0;
    for (const calculator of this.calculators) total += calculator.retainedValues;
    return total;
  }

  private feed(candle: Candle, into: Record<string, number>): void {
    this.candlesSeen++;
    for (const calculator of this.calculators) calculator.update(candle, into);
  }
}
