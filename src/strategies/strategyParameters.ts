import { z } from 'zod';
import type { StrategyDefinition } from './defineStrategy.js';

/**
 * One parameter of a strategy type, read from its zod schema: what `tradestate strategies` prints and the
 * README's reference lists.
 *
 * @example
 * ```ts
 * const emaCrossover = StrategyRegistry.withBuiltins().get('ema_crossover');
 * const fast: StrategyParameter | undefined = describeStrategyParameters(emaCrossover)[0]; // { name: 'fast', type: 'string', default: 'ema_fast', required: false, ... }
 * ```
 */
export interface StrategyParameter {
  name: string;
  /** `string`, `number`, `integer`, `boolean`, `"a" | "b"`, `number[]`, ...; `any` when the schema cannot say. */
  type: string;
  /** The default, or undefined when the parameter has none. */
  default?: unknown;
  required: boolean;
  description: string;
  /** Bounds and lengths, e.g. `>= 0`, `> 0, < 100`, `min length 1`; empty when unconstrained. */
  constraints: string;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

function typeName(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeName(schema.items) : 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

function constraintText(schema: JsonSchema): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`>= ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  // zod writes integers' implicit bound (Number.MAX_SAFE_INTEGER); it is no constraint to a user.
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    parts.push(`<= ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined && schema.minLength > 0) parts.push(`min length ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`max length ${schema.maxLength}`);
  return parts.join(', ');
}

/**
 * The parameters of a strategy type, in schema order, from its zod schema (types, defaults, bounds and the
 * `.describe()` texts). A schema that is not an object gives no parameters.
 *
 * @example
 * ```ts
 * const registry = StrategyRegistry.withBuiltins();
 * for (const parameter of describeStrategyParameters(registry.get('ema_crossover'))) {
 *   console.log(parameter.name, parameter.type, parameter.default, parameter.description);
 * }
 * ```
 */
export function describeStrategyParameters(definition: StrategyDefinition<unknown>): StrategyParameter[] {
  let schema: JsonSchema;
  try {
    schema = z.toJSONSchema(definition.parameters, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return [];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeName(property),
    ...('default' in property ? { default: property.default } : {}),
    required: required.has(name) && !('default' in property),
    description: property.description ?? '',
    constraints: constraintText(property),
  }));
}
