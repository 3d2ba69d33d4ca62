/**
 * Edit distance (insertions, deletions, substitutions) between two strings.
 *
 * @example
 * ```ts
 * levenshtein('fetch_intervall', 'fetch_interval'); // 1
 * ```
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo (case-insensitive; at most
 * a third of the word's length, and at least 2 edits allowed); otherwise undefined.
 *
 * @example
 * ```ts
 * didYouMean('fetch_intervall', ['fetch_interval', 'retry_attempts']); // 'fetch_interval'
 * didYouMean('colour', ['fetch_interval']); // undefined
 * ```
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
