/**
 * What is wrong with a value meant as a strategy definition (made with `defineStrategy`), or undefined for
 * a valid one: a `type` that is not a non-empty string, a `create` that is not a function, `parameters`
 * that are not a zod schema. Shared by `--strategies` modules and `StrategyRegistry.register`, so a
 * JavaScript caller's mistake is named where it is made rather than as a TypeError at the first candle.
 *
 * @example
 * ```ts
 * strategyDefinitionProblem({ type: 'x', create: 5 }); // '"create" of type "x" is not a function'
 * ```
 */
export function strategyDefinitionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return `expected an object made with defineStrategy({ type, description, parameters, create }), got ${value === null ? 'null' : typeof value}`;
  const definition = value as Record<string, unknown>;
  if (typeof definition.type !== 'string' || definition.type === '')
    return 'its "type" is not a non-empty string';
  if (typeof definition.create !== 'function')
    return `"create" of type "${definition.type}" is not a function`;
  const parameters = definition.parameters as { safeParse?: unknown } | undefined;
  if (typeof parameters !== 'object' || parameters === null || typeof parameters.safeParse !== 'function')
    return `"parameters" of type "${definition.type}" is not a zod schema (use z.strictObject({...}))`;
  return undefined;
}
