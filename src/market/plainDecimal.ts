/** Character codes of `0`, `9`, `+`, `-` and `.`. */
const { zero, nine, plus, minus, dot } = { zero: 48, nine: 57, plus: 43, minus: 45, dot: 46 };
/** Digits whose integer is exact in a double (below 2^53) whatever they are. */
const exactDigits = 15;
const powersOfTen = Array.from({ length: exactDigits + 1 }, (_, power) => 10 ** power);

/**
 * The number written in `text[from, to)` when it is plain decimal notation with at most 15 digits
 * (`1.08423`, `-12`, `.5`, `3.`), else NaN (the caller then takes the general path: `Number()` after
 * `decimalNumber`). For such text the digits form an integer below 2^53 and the divisor a power of ten
 * up to 10^15, both exact in a double, so the one division rounds correctly: the result is exactly
 * `Number(text)` (Clinger's fast path), without slicing the text out of its line.
 *
 * @example
 * ```ts
 * plainDecimal('2025-01-06T00:00:00Z,1.08423,1.0845', 21, 28); // 1.08423
 * plainDecimal('1e3', 0, 3); // NaN: an exponent takes the general path
 * ```
 */
export function plainDecimal(text: string, from: number, to: number): number {
  let index = from;
  const first = text.charCodeAt(index);
  const negative = first === minus;
  if (negative || first === plus) index++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code >= zero && code <= nine) {
      mantissa = mantissa * 10 + (code - zero);
      digits++;
    } else if (code === dot && fraction === -1) {
      fraction = index;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > exactDigits) return Number.NaN;
  const value = fraction === -1 ? mantissa : mantissa / powersOfTen[to - fraction - 1]!;
  return negative ? -value : value;
}
