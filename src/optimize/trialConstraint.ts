import { didYouMean } from '../config/didYouMean.js';
import { OptimizeInputError } from './optimizeInputError.js';

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';
type Operand = { name: string } | { value: number };

/**
 * A condition every trial must meet, such as `ema_fast.period < ema_slow.period` (comparisons `<`, `<=`, `>`,
 * `>=`, `==`, `!=` between tuned parameters or numbers, joined by `and`). Trials that fail it are not run.
 *
 * @example
 * ```ts
 * const constraint = TrialConstraint.parse('ema_fast.period < ema_slow.period', ['ema_fast.period', 'ema_slow.period']);
 * constraint.accepts({ 'ema_fast.period': 10, 'ema_slow.period': 30 }); // true
 * ```
 */
export class TrialConstraint {
  private constructor(
    readonly text: string,
    private readonly comparisons: { left: Operand; operator: Operator; right: Operand }[],
  ) {}

  static parse(text: string, parameterNames: readonly string[]): TrialConstraint {
    const parts = text.split(/\s+and\s+|\s*&&\s*/);
    const comparisons = parts.map((part) => {
      const match = /^\s*([\w.+-]+)\s*(<=|>=|==|!=|<|>)\s*([\w.+-]+)\s*$/.exec(part);
      if (!match) {
        throw new OptimizeInputError(
          `--constraint ${JSON.stringify(text)}: expected comparisons like "ema_fast.period < ema_slow.period" (operators < <= > >= == !=, joined by "and")`,
        );
      }
      const operand = (token: string): Operand => {
        if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(token)) return { value: Number(token) };
        if (!parameterNames.includes(token)) {
          const hint = didYouMean(token, parameterNames);
          throw new OptimizeInputError(
            `--constraint ${JSON.stringify(text)}: ${JSON.stringify(token)} is not a tuned parameter${hint ? ` (did you mean "${hint}"?)` : ''}; tuned: ${parameterNames.join(', ')}`,
          );
        }
        return { name: token };
      };
      return { left: operand(match[1]!), operator: match[2] as Operator, right: operand(match[3]!) };
    });
    return new TrialConstraint(text, comparisons);
  }

  accepts(values: Readonly<Record<string, number>>): boolean {
    const read = (operand: Operand) =>
      'value' in operand ? operand.value : (values[operand.name] ?? Number.NaN);
    return this.comparisons.every(({ left, operator, right }) => {
      const a = read(left);
      const b = read(right);
      switch (operator) {
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        case '==':
          return a === b;
        default:
          return a !== b;
      }
    });
  }
}
