import { readFileSync } from 'node:fs';
import { UserError } from '../errors/userError.js';
import { parseCsv } from '../market/parseCsv.js';

/**
 * A conversion series that cannot be used: its file is missing or unreadable, holds no bars, or has no
 * price yet at a moment a rate is needed. Raised before the run for the file, and at the first amount
 * before the series starts.
 *
 * @example
 * ```ts
 * try { ConversionSeries.load('GBP/USD', 'data/gbpusd.csv'); } catch (error) { if (error instanceof ConversionSeriesError) console.error(error.message); }
 * ```
 */
export class ConversionSeriesError extends UserError {
  override readonly name = 'ConversionSeriesError';
}

/**
 * The prices of a conversion pair (FROM/TO, e.g. GBP/USD: dollars per pound) read from a bar file
 * (`trading.conversion_series`), so that PnL of a cross (EURGBP in a USD account) is converted at the rate
 * of its moment without trading the pair. The rate at a time is the close of the last bar stamped at or
 * before it — the same reading as a symbol of the run, which is marked at its close with its bar's time.
 *
 * @example
 * ```ts
 * const gbpusd = ConversionSeries.load('GBP/USD', 'examples/data/gbpusd_1h.csv');
 * gbpusd.rateAt(Date.parse('2024-03-01T10:00:00Z')); // the close of the 10:00 bar, e.g. 1.2634
 * ```
 */
export class ConversionSeries {
  private constructor(
    readonly pair: string,
    readonly path: string,
    private readonly times: Float64Array,
    private readonly closes: Float64Array,
  ) {}

  /** Reads the bars of `pair` from `path` (any CSV `backtest --data` reads); throws {@link ConversionSeriesError}. */
  static load(pair: string, path: string): ConversionSeries {
    const setting = `trading.conversion_series."${pair}"`;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new ConversionSeriesError(`${setting}: cannot read ${path} (${code})`, { cause: error });
    }
    // parseCsv throws for a file without a good row, so a series always has a first bar.
    const { candles } = parseCsv(text, { fileName: path });
    const times = new Float64Array(candles.length);
    const closes = new Float64Array(candles.length);
    candles.forEach((candle, index) => {
      times[index] = candle.time;
      closes[index] = candle.close;
    });
    return new ConversionSeries(pair, path, times, closes);
  }

  /** The close of the last bar at or before `time`; throws {@link ConversionSeriesError} before the first. */
  rateAt(time: number): number {
    const { times } = this;
    let low = 0;
    let high = times.length - 1;
    if (!(time >= times[0]!)) {
      throw new ConversionSeriesError(
        `trading.conversion_series."${this.pair}": ${this.path} starts at ${new Date(times[0]!).toISOString()}, ` +
          `after ${Number.isFinite(time) ? new Date(time).toISOString() : 'the first amount'} that needs its rate; give a file that covers the whole run`,
      );
    }
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (times[middle]! <= time) low = middle;
      else high = middle - 1;
    }
    return this.closes[low]!;
  }
}
