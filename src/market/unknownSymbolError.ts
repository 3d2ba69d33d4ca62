import { UserError } from '../errors/userError.js';

/**
 * A data source was asked for a symbol it holds no data for (a CSV file bound to another symbol, an
 * iterable source without a feed for it). Failing loudly beats an empty backtest that looks like
 * "no signals".
 *
 * @example
 * ```ts
 * throw new UnknownSymbolError('csv:eurusd.csv', 'GBPUSD', ['EURUSD']);
 * // message: data source "csv:eurusd.csv" has no data for symbol "GBPUSD" (it holds: EURUSD)
 * ```
 */
export class UnknownSymbolError extends UserError {
  override readonly name = 'UnknownSymbolError';

  constructor(
    readonly source: string,
    readonly symbol: string,
    readonly knownSymbols: readonly string[],
  ) {
    super(
      `data source "${source}" has no data for symbol "${symbol}" (it holds: ${knownSymbols.join(', ')})`,
    );
  }
}
