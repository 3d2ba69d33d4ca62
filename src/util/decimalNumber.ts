/**
 * Plain decimal notation with an optional exponent (`42`, `-1.5`, `.25`, `1e3`): what people write in
 * flags, config files and CSV files. `Number()` would also read `0x10`, `0b1`, `0o7`, `Infinity` and a
 * blank string; those are mistakes in a trading configuration or a price file, not numbers.
 *
 * @example
 * ```ts
 * decimalNumber.test('1.25'); // true
 * decimalNumber.test('0x10'); // false
 * ```
 */
export const decimalNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
