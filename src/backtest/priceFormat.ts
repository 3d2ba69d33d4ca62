/**
 * How the report's price axis writes prices: a fixed number of decimals and the smallest step, the step
 * as an exact decimal string (a float product such as `10 ** -5` or `pip / 10` gives
 * `0.000009999999999999999`, which the chart turns into labels like `1.99998`).
 *
 * @example
 * ```ts
 * priceFormatFromTick('0.00001'); // { precision: 5, minMove: '0.00001' }
 * ```
 */
export interface PriceFormat {
  precision: number;
  minMove: string;
}

/** Digits after the point and digits of a positive decimal number written by `String()` or by hand. */
function decimalParts(text: string): { digits: string; scale: number } | undefined {
  const match = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) return undefined;
  // (\d*) always takes part in a match, if only as ''.
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? 0);
  // value = digits x 10^-scale
  return { digits: `${whole}${fraction}`.replace(/^0+(?=\d)/, ''), scale: fraction.length - exponent };
}

/** `digits x 10^-scale` written out as a plain decimal ("1", "0.25", "0.00001"). */
function writeDecimal(digits: string, scale: number): string {
  if (scale <= 0) return `${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  const point = padded.length - scale;
  const fraction = padded.slice(point).replace(/0+$/, '');
  return fraction ? `${padded.slice(0, point)}.${fraction}` : padded.slice(0, point);
}

/**
 * The price format of a tick size given as a number (`0.00001`) or a decimal string (`'0.25'`): as many
 * decimals as the tick has, the tick itself as the minimum move. Done on the decimal digits, never with
 * floating-point arithmetic.
 *
 * @example
 * ```ts
 * priceFormatFromTick(0.01); // { precision: 2, minMove: '0.01' }
 * priceFormatFromTick(1e-7); // { precision: 7, minMove: '0.0000001' }
 * ```
 */
export function priceFormatFromTick(tick: number | string): PriceFormat {
  // A number that is itself a float product (10 ** -5) is read at 12 significant digits: 0.00001.
  const parts = decimalParts(typeof tick === 'number' ? String(Number(tick.toPrecision(12))) : tick);
  if (!parts || !/[1-9]/.test(parts.digits))
    throw new RangeError(`tick size must be a positive decimal, got ${tick}`);
  const minMove = writeDecimal(parts.digits, parts.scale);
  const point = minMove.indexOf('.');
  return { precision: point < 0 ? 0 : minMove.length - point - 1, minMove };
}

/**
 * The price format the bars themselves imply when no tick size is known: the most decimals any of the
 * first bars' prices has, capped at about six significant digits (a synthetic feed's unrounded floats
 * would otherwise ask for 15).
 *
 * @example
 * ```ts
 * inferPriceFormat([{ open: 1.08345, high: 1.0836, low: 1.0833, close: 1.0835 }]); // { precision: 5, minMove: '0.00001' }
 * ```
 */
export function inferPriceFormat(
  bars: ReadonlyArray<{ open: number; high: number; low: number; close: number }>,
): PriceFormat {
  let decimals = 0;
  for (const bar of bars.slice(0, 2_000)) {
    for (const price of [bar.open, bar.high, bar.low, bar.close]) {
      const parts = decimalParts(String(Math.abs(price)));
      if (parts) decimals = Math.max(decimals, parts.scale);
    }
  }
  const level = Math.abs(bars[bars.length - 1]?.close ?? 1);
  const cap = Math.max(2, 5 - Math.floor(Math.log10(level > 0 ? level : 1)));
  const precision = Math.min(decimals, cap);
  return { precision, minMove: writeDecimal('1', precision) };
}
