import { UserError } from '../errors/userError.js';

/**
 * A bar file whose bars are usually less than a minute apart (second bars, ticks): timeframes are whole
 * minutes, so the shortest bar a replay can build on is one minute. Refused before the run (exit 2) instead
 * of taken for daily bars, which made the replay fail on every bar. Names the file, the line of the first
 * such bar when known, the spacing and what to do.
 *
 * @example
 * ```ts
 * throw new SubMinuteBarsError('es_1s.csv', 1_000, { line: 3, time: Date.parse('2024-05-01T13:30:01Z') });
 * // es_1s.csv:3: bars 1 s apart (the usual spacing of the file; this one at 2024-05-01T13:30:01.000Z) ...
 * ```
 */
export class SubMinuteBarsError extends UserError {
  override readonly name = 'SubMinuteBarsError';

  constructor(
    readonly file: string,
    /** The usual (median) spacing of the bars, in milliseconds. */
    readonly spacingMilliseconds: number,
    first: { line?: number; time: number },
  ) {
    super(
      `${file}${first.line === undefined ? '' : `:${first.line}`}: bars ${spacingMilliseconds / 1000} s apart (the usual spacing of the file; this one at ${new Date(first.time).toISOString()}): timeframes are whole minutes, so the shortest bars tradestate replays are 1-minute bars; aggregate the file to 1-minute bars (open of the first, highest high, lowest low, close of the last, summed volume)`,
    );
  }
}
