/** Character codes of the hex digits `0` … `f`, indexed by nibble. */
const hexDigits: readonly number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/**
 * A small, fast, seeded pseudo-random generator (mulberry32). Every source of randomness in tradestate
 * (synthetic prices, slippage, fault injection, ids in backtests) draws from one of these, so the same
 * seed reproduces the same run.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.next(); // a number in [0, 1), the same for every run with seed 42
 * ```
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The generator's position, to persist it (the paper broker's slippage draws) and {@link restore} it. */
  snapshot(): number {
    return this.state;
  }

  /** Continues from a position taken with {@link snapshot}: the next draws are those that followed it. */
  restore(state: number): void {
    this.state = state >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, maxExclusive). */
  integer(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** Eight lowercase hex digits. */
  hex8(): string {
    // One string from eight character codes: `toString(16)` on a number above 2^31 (a heap number) takes
    // V8's slow radix path, and joining four two-digit strings built three intermediate ones (a backtest
    // draws one of these per cycle: its correlation id).
    const value = (this.next() * 4294967296) >>> 0;
    return String.fromCharCode(
      hexDigits[value >>> 28]!,
      hexDigits[(value >>> 24) & 15]!,
      hexDigits[(value >>> 20) & 15]!,
      hexDigits[(value >>> 16) & 15]!,
      hexDigits[(value >>> 12) & 15]!,
      hexDigits[(value >>> 8) & 15]!,
      hexDigits[(value >>> 4) & 15]!,
      hexDigits[value & 15]!,
    );
  }
}
