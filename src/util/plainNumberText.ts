/**
 * `value` written as a plain decimal, never in exponent notation: the shortest digits that read back as
 * the same number, as `String()` gives them, with the exponent moved into the digits (`1.2e-7` is written
 * `0.00000012`). Prices of coins worth a fraction of a cent stay readable in trades.csv, logs and messages.
 *
 * @example
 * ```ts
 * plainNumberText(1.2e-7); // '0.00000012'
 * plainNumberText(-0.5); // '-0.5'
 * ```
 */
export function plainNumberText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = `${whole}${fraction}`;
  // value = digits × 10^-scale
  const scale = fraction.length - Number(exponentText);
  if (scale <= 0) return `${sign}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}
