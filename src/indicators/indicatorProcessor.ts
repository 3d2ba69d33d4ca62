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
  /** Each calculator's first column in `out`, and the bits of its answer when it wrote every column. */
  private readonly offsets: Int32Array;
  private readonly complete: Int32Array;
  /** The values of the last candle, by column (see `IndicatorCalculator.update`). */
  private readonly out: Float64Array;
  /** What each calculator wrote on the last candle. */
  private readonly written: Int32Array;
  private readonly row: RowBuilder;
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
    this.offsets = new Int32Array(calculators.length);
    this.complete = new Int32Array(calculators.length);
    let offset = 0;
    calculators.forEach((calculator, index) => {
      this.offsets[index] = offset;
      this.complete[index] = 2 ** calculator.outputs.length - 1;
      offset += calculator.outputs.length;
    });
    this.out = new Float64Array(offset);
    this.written = new Int32Array(calculators.length);
    this.row = rowBuilder(this.columns);
    this.warmupPeriod = calculators.reduce(
      (longest, calculator) => Math.max(longest, calculator.warmupPeriod),
      0,
    );
  }

  /** Feeds one closed candle; returns the values after it (absent keys while warming up). O(1) amortized. */
  update(candle: Candle): Record<string, number> {
    if (this.feed(candle)) return this.row(this.out);
    // Warming up: only the columns written, in column order (the order a complete row has).
    const values: Record<string, number> = {};
    const { calculators, columns, offsets, out, written } = this;
    for (let index = 0; index < calculators.length; index++) {
      const bits = written[index]!;
      const first = offsets[index]!;
      for (let output = 0; output < calculators[index]!.outputs.length; output++) {
        if ((bits & (1 << output)) !== 0) values[columns[first + output]!] = out[first + output]!;
      }
    }
    return values;
  }

  /** Feeds candles in order (warm-up after a restart) without building a result per candle. */
  warmUp(candles: readonly Candle[]): void {
    for (const candle of candles) this.feed(candle);
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

  /** Feeds every calculator; true when each wrote all its columns. */
  private feed(candle: Candle): boolean {
    this.candlesSeen++;
    const { calculators, offsets, out, written, complete } = this;
    let all = true;
    for (let index = 0; index < calculators.length; index++) {
      const bits = calculators[index]!.update(candle, out, offsets[index]!);
      written[index] = bits;
      if (bits !== complete[index]) all = false;
    }
    return all;
  }
}

/**
 * A function that builds a row of every column from `out` as one object literal. Why generated: a row
 * built key by key (`row[column] = value`) pays a megamorphic keyed store per column on every candle (15
 * of them were most of the processor's cost), while a literal with fixed keys is one allocation of an
 * object whose shape V8 knows, and every row then shares it (cheaper reads in the strategies, too). The
 * keys are JSON string literals, so any column name is safe; `__proto__` (which a literal would read as
 * the prototype) gets the key-by-key builder.
 */
function rowBuilder(columns: readonly string[]): RowBuilder {
  // One builder per column list, shared by every processor (a symbol and timeframe each have one): the
  // rows of all of them then share one shape, as the strategies reading them see every symbol's rows.
  const key = columns.join('\u0000');
  let builder = rowBuilders.get(key);
  if (builder === undefined) {
    builder = buildRowBuilder(columns);
    rowBuilders.set(key, builder);
  }
  return builder;
}

type RowBuilder = (out: Float64Array) => Record<string, number>;
const rowBuilders = new Map<string, RowBuilder>();

function buildRowBuilder(columns: readonly string[]): RowBuilder {
  if (columns.includes('__proto__')) {
    return (out) => {
      const values: Record<string, number> = {};
      for (let index = 0; index < columns.length; index++) values[columns[index]!] = out[index]!;
      return values;
    };
  }
  const fields = columns.map((column, index) => `${JSON.stringify(column)}: out[${index}]`);
  return new Function('out', `return { ${fields.join(', ')} };`) as RowBuilder;
}
