import { OptimizeInputError } from './optimizeInputError.js';

/**
 * One tuned setting and the values it takes: `name=start:end:step` (inclusive) or `name=a,b,c`.
 *
 * @example
 * ```ts
 * // The object form of --param ema_fast.period=5:15:5:
 * const range: ParameterRange = { name: 'ema_fast.period', values: [5, 10, 15] };
 * await optimize({ data: 'msft.csv', parameters: [range] });
 * ```
 */
export interface ParameterRange {
  name: string;
  values: number[];
}

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const maximumValues = 10_000;

function number(text: string, flag: string, part: string): number {
  const trimmed = text.trim();
  if (!decimal.test(trimmed)) {
    throw new OptimizeInputError(
      `--param ${flag}: ${part} must be a decimal number, got ${JSON.stringify(text)}`,
    );
  }
  return Number(trimmed);
}

/** Decimal places of a number as written, so 0.1 steps give 0.3 and not 0.30000000000000004. */
function decimals(value: number): number {
  const [mantissa = '', exponent] = String(value).split('e');
  const places = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  // 1.5e-7 has 8 places: the mantissa's one plus the exponent's seven.
  return Math.min(100, Math.max(0, places - Number(exponent ?? 0)));
}

/**
 * Parses one `--param` value. Ranges are inclusive of both ends when the step lands on the end.
 *
 * @example
 * ```ts
 * parseParameterRange('ema_cross.stop_loss_atr=1:3:0.5').values; // [1, 1.5, 2, 2.5, 3]
 * parseParameterRange('rsi.period=7,14,21').values; // [7, 14, 21]
 * ```
 */
export function parseParameterRange(text: string): ParameterRange {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new OptimizeInputError(
      `--param ${JSON.stringify(text)}: expected NAME=START:END:STEP or NAME=A,B,C (e.g. ema_fast.period=5:30:5)`,
    );
  }
  const name = text.slice(0, equals).trim();
  const spec = text.slice(equals + 1).trim();
  if (!/^[A-Za-z_][\w.]*$/.test(name)) {
    throw new OptimizeInputError(`--param ${text}: ${JSON.stringify(name)} is not a parameter name`);
  }
  if (spec.includes(':')) {
    const parts = spec.split(':');
    if (parts.length !== 3) {
      throw new OptimizeInputError(
        `--param ${text}: a range is START:END:STEP (three numbers), got ${JSON.stringify(spec)}`,
      );
    }
    const [start, end, step] = [
      number(parts[0]!, text, 'START'),
      number(parts[1]!, text, 'END'),
      number(parts[2]!, text, 'STEP'),
    ];
    if (!(step > 0)) throw new OptimizeInputError(`--param ${text}: STEP must be positive, got ${step}`);
    if (start > end)
      throw new OptimizeInputError(`--param ${text}: the range is empty (START ${start} > END ${end})`);
    const count = Math.floor((end - start) / step + 1e-9) + 1;
    if (count > maximumValues) {
      throw new OptimizeInputError(
        `--param ${text}: ${count} values; at most ${maximumValues} per parameter`,
      );
    }
    const places = Math.max(decimals(start), decimals(step));
    const values = Array.from({ length: count }, (_, index) =>
      Number((start + index * step).toFixed(places)),
    );
    return { name, values };
  }
  const values = spec.split(',').map((part) => number(part, text, 'each value'));
  if (values.length === 0 || spec === '') throw new OptimizeInputError(`--param ${text}: no values`);
  if (new Set(values).size !== values.length) {
    throw new OptimizeInputError(`--param ${text}: a value is listed twice`);
  }
  return { name, values };
}
