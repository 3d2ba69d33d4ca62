/** Above any traded instrument's price in any currency; 1e12 and beyond are damaged fields. */
export const largestPrice = 1e12;

/**
 * Whether a row's numbers make a candle the fast row readers may return as it is: every price above 0 and
 * at most {@link largestPrice}, a volume of 0 or more, and high/low around open and close. NaN (a number
 * that was not plain) fails: the row then goes to the general reader, which says what is wrong.
 *
 * @example
 * ```ts
 * validPlainCandle(1.1, 1.2, 1.0, 1.15, 10); // true
 * validPlainCandle(1.1, 1.0, 1.2, 1.15, 10); // false: high below low
 * ```
 */
export function validPlainCandle(
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): boolean {
  return (
    open > 0 &&
    high > 0 &&
    low > 0 &&
    close > 0 &&
    volume >= 0 &&
    high <= largestPrice &&
    open <= largestPrice &&
    low <= largestPrice &&
    close <= largestPrice &&
    high >= low &&
    high >= open &&
    high >= close &&
    low <= open &&
    low <= close
  );
}
