import { levenshtein } from '../../config/didYouMean.js';
import { UserError } from '../../errors/userError.js';

/**
 * The exchange connection cannot be set up as configured: an exchange id ccxt does not know, a symbol or
 * timeframe the exchange does not list, missing or refused credentials. A user error (the CLI exits 2); the
 * message names the value and, where there are any, the closest valid ones.
 *
 * @example
 * ```ts
 * throw ExchangeSetupError.unknown('symbol', 'BTCUSD', ['BTC/USDT', 'ETH/USDT'], 'binance');
 * // binance has no symbol "BTCUSD"; close matches: BTC/USDT
 * ```
 */
export class ExchangeSetupError extends UserError {
  override readonly name = 'ExchangeSetupError';

  /** An unknown `kind` of value, with up to five close matches among `known`. */
  static unknown(kind: string, value: string, known: readonly string[], where: string): ExchangeSetupError {
    const matches = closeMatches(value, known);
    const hint =
      matches.length > 0
        ? `; close matches: ${matches.join(', ')}`
        : known.length <= 20
          ? `; known: ${known.join(', ')}`
          : '';
    return new ExchangeSetupError(`${where} has no ${kind} "${value}"${hint}`);
  }
}

/**
 * Up to `count` of `candidates` nearest to `word`, ignoring case and the separators exchanges disagree on
 * (`BTCUSDT`, `BTC/USDT`, `btc-usdt` all match); only plausible ones (a third of the length in edits, or a
 * shared prefix).
 *
 * @example
 * ```ts
 * closeMatches('BTCUSD', ['BTC/USDT', 'ETH/USDT', 'BTC/EUR']); // ['BTC/USDT', 'BTC/EUR']
 * ```
 */
export function closeMatches(word: string, candidates: readonly string[], count = 5): string[] {
  const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const target = normalize(word);
  const limit = Math.max(2, Math.floor(target.length / 3));
  return candidates
    .map((candidate) => {
      const plain = normalize(candidate);
      const distance = levenshtein(target, plain);
      const prefix = target.length >= 3 && plain.startsWith(target.slice(0, 3)) ? 0 : 1;
      return { candidate, distance, prefix };
    })
    .filter(({ distance, prefix }) => distance <= limit || (prefix === 0 && distance <= limit + 2))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
