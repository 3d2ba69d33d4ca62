import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors/usageError.js';
import { inputFileProblem } from '../util/pathProblems.js';
import type { StrategyDefinition } from './defineStrategy.js';
import { strategyDefinitionProblem } from './strategyDefinitionProblem.js';

/** Keys that tell an export was meant as a strategy definition, even a broken one. */
const definitionKeys = ['type', 'create', 'parameters'];

const looksLikeDefinition = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && definitionKeys.some((key) => key in value);

/**
 * Loads the strategy definitions a user's module exports (named exports, a default export, or arrays of
 * them, made with `defineStrategy`), for `--strategies FILE`. Every export that looks like a definition
 * (has `type`, `create` or `parameters`) must be a complete one; errors name the module and the export.
 *
 * @example
 * ```ts
 * const strategies = await loadStrategyModule('./myStrategies.js', process.cwd());
 * ```
 */
export async function loadStrategyModule(file: string, cwd: string): Promise<StrategyDefinition<unknown>[]> {
  const path = resolve(cwd, file);
  const fileProblem = inputFileProblem(path);
  if (fileProblem !== undefined) throw new UsageError(`--strategies ${file}: ${fileProblem}`);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--strategies ${file}: cannot load the module: ${reason}`);
  }
  const definitions: StrategyDefinition<unknown>[] = [];
  for (const [name, exported] of Object.entries(exports)) {
    const values = Array.isArray(exported) ? exported : [exported];
    for (const [index, value] of values.entries()) {
      if (!looksLikeDefinition(value)) continue;
      const problem = strategyDefinitionProblem(value);
      const where = Array.isArray(exported) ? `export "${name}"[${index}]` : `export "${name}"`;
      if (problem !== undefined)
        throw new UsageError(`--strategies ${file}: ${where} is not a strategy definition: ${problem}`);
      definitions.push(value as unknown as StrategyDefinition<unknown>);
    }
  }
  if (definitions.length === 0) {
    throw new UsageError(
      `--strategies ${file}: the module exports no strategy definition (export the result of defineStrategy(...))`,
    );
  }
  return [...new Set(definitions)].map((definition) => withCheckedFactory(definition, file));
}

/** The definition with a factory whose result is checked, so garbage is reported where it comes from. */
function withCheckedFactory(
  definition: StrategyDefinition<unknown>,
  file: string,
): StrategyDefinition<unknown> {
  return {
    ...definition,
    create(parameters) {
      const strategy: unknown = definition.create(parameters);
      const problem = strategyShapeProblem(strategy);
      if (problem !== undefined)
        throw new UsageError(
          `--strategies ${file}: the factory of type "${definition.type}" returned ${problem}`,
        );
      return strategy as ReturnType<StrategyDefinition<unknown>['create']>;
    },
  };
}

/** What is wrong with a factory's result, in words, or undefined for a usable strategy. */
function strategyShapeProblem(strategy: unknown): string | undefined {
  if (strategy === null || typeof strategy !== 'object')
    return `${strategy === null ? 'null' : typeof strategy}, not an object with evaluate(rows)`;
  const candidate = strategy as { evaluate?: unknown; requiredIndicators?: unknown };
  if (typeof candidate.evaluate !== 'function') return 'an object without an evaluate(rows) function';
  const required = candidate.requiredIndicators;
  if (!Array.isArray(required) || required.some((column) => typeof column !== 'string'))
    return 'an object whose requiredIndicators is not an array of column names';
  return undefined;
}
