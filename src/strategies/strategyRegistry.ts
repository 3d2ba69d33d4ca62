import type { z } from 'zod';
import { describeIssue } from '../config/describeIssue.js';
import { didYouMean } from '../config/didYouMean.js';
import { bollingerBreakout } from './builtins/bollingerBreakout.js';
import { emaCrossover } from './builtins/emaCrossover.js';
import { rsiMeanReversion } from './builtins/rsiMeanReversion.js';
import type { Strategy, StrategyDefinition } from './defineStrategy.js';
import { StrategyConfigError } from './strategyConfigError.js';
import { strategyDefinitionProblem } from './strategyDefinitionProblem.js';
import { describeStrategyParameters } from './strategyParameters.js';
import { UnknownStrategyTypeError } from './unknownStrategyTypeError.js';

/**
 * The strategy types known to a process: `type` → {parameter schema, factory}. The engine asks it to
 * build each configured instance; users add their own types with `register(defineStrategy({...}))`.
 *
 * @example
 * ```ts
 * const registry = StrategyRegistry.withBuiltins();
 * registry.list().map((definition) => definition.type); // ['bollinger_breakout', 'ema_crossover', 'rsi_mean_reversion']
 * const strategy = registry.create('ema_cross', 'ema_crossover', { fast: 'ema_fast' });
 * ```
 */
export class StrategyRegistry {
  private readonly definitions = new Map<string, StrategyDefinition<unknown>>();

  /** A registry holding `ema_crossover`, `rsi_mean_reversion` and `bollinger_breakout`. */
  static withBuiltins(): StrategyRegistry {
    return new StrategyRegistry()
      .register(emaCrossover)
      .register(rsiMeanReversion)
      .register(bollingerBreakout);
  }

  /** Adds a type; a second definition for the same type is an error (silently replacing one hides bugs). */
  register<P>(definition: StrategyDefinition<P>): this {
    const problem = strategyDefinitionProblem(definition);
    if (problem !== undefined) {
      const type = (definition as { type?: unknown } | null)?.type;
      throw new StrategyConfigError(
        typeof type === 'string' && type !== '' ? type : '(no type)',
        `not a strategy definition: ${problem}`,
      );
    }
    if (this.definitions.has(definition.type)) {
      throw new StrategyConfigError(definition.type, `type "${definition.type}" is already registered`);
    }
    this.definitions.set(definition.type, definition as StrategyDefinition<unknown>);
    return this;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  /** The definition of `type`; throws `UnknownStrategyTypeError` (listing the registered types) if absent. */
  get(type: string, strategyName: string = type): StrategyDefinition<unknown> {
    const definition = this.definitions.get(type);
    if (definition === undefined) {
      const types = this.types();
      throw new UnknownStrategyTypeError(strategyName, type, types, didYouMean(type, types));
    }
    return definition;
  }

  /** Every definition, sorted by type. */
  list(): StrategyDefinition<unknown>[] {
    return [...this.definitions.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Registered type names, sorted. */
  types(): string[] {
    return [...this.definitions.keys()].sort();
  }

  /**
   * Validates `params` with the type's schema (defaults filled in) and builds the instance. Errors name
   * the instance, the parameter path and the value: `strategy "ema_cross": params.fast: expected string, got 5`;
   * an unknown parameter lists the valid ones (and the closest, when it looks like a typo).
   */
  create(strategyName: string, type: string, params: unknown): Strategy {
    const definition = this.get(type, strategyName);
    const parsed = definition.parameters.safeParse(params ?? {});
    if (!parsed.success) {
      const valid = describeStrategyParameters(definition).map((parameter) => parameter.name);
      throw new StrategyConfigError(
        strategyName,
        describeIssues(parsed.error.issues, params, valid, definition.parameters),
      );
    }
    return definition.create(parsed.data);
  }
}

/** One line per zod issue, each naming the path under `params` and the value found there. */
function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  valid: readonly string[],
  schema: z.ZodType,
): string {
  return issues
    .map((issue) => {
      const path = ['params', ...issue.path.map(String)].join('.');
      const value = valueAt(input, issue.path);
      if (issue.code === 'invalid_type') return `${path}: expected ${issue.expected}, got ${show(value)}`;
      if (issue.code === 'unrecognized_keys') {
        const suggestions = issue.keys.flatMap((key) => {
          const close = didYouMean(key, valid);
          if (close === undefined) return [];
          return [issue.keys.length === 1 ? `"${close}"` : `"${close}" for "${key}"`];
        });
        const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
        const known = valid.length > 0 ? valid.join(', ') : '(none)';
        return `${path}: unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}${hint}; valid parameters: ${known}`;
      }
      // In the configuration's words ("expected a number < 100, got 150"), not zod's ("Too big: ...").
      return `${path}: ${describeIssue(issue, value, schema).message}`;
    })
    .join('; ');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
