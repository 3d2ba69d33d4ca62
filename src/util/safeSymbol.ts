/** Longest symbol accepted: exchange symbols are short; a long one is a mistake or an attack. */
const longestSymbol = 32;
const symbolPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

/**
 * Why `symbol` is not a safe instrument symbol, or undefined when it is. A symbol is letters, digits, `.`,
 * `_` and `-`, starting with a letter or digit, at most 32 characters, with at most one `/` between a base
 * and a quote (`BTC/USDT`, as exchanges write pairs). So no `..`, no leading `/`, no backslash, no spaces
 * or control characters: a symbol names subjects, store rows and report files, and must never reach
 * outside them.
 *
 * @example
 * ```ts
 * symbolProblem('EURUSD'); // undefined
 * symbolProblem('../../etc'); // 'expected letters, digits, ".", "_" or "-" (and at most one "/" as in BTC/USDT)'
 * ```
 */
export function symbolProblem(symbol: string): string | undefined {
  if (symbol.length > longestSymbol)
    return `expected at most ${longestSymbol} characters, got ${symbol.length}`;
  if (!symbolPattern.test(symbol))
    return 'expected letters, digits, ".", "_" or "-" (and at most one "/" as in BTC/USDT)';
  return undefined;
}
