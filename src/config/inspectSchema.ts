import type { z } from 'zod';

/** The kinds of schema node the loader, the env resolver and the YAML renderer distinguish. */
export type SchemaKind = 'object' | 'record' | 'array' | 'enum' | 'number' | 'boolean' | 'string' | 'unknown';

/** A zod schema with its wrappers (default, prefault, optional, nullable) peeled off. */
export interface SchemaNode {
  kind: SchemaKind;
  /** The innermost schema, after the wrappers. */
  schema: z.ZodType;
  /** The first `.describe()` text found from the outermost wrapper inwards. */
  description: string | undefined;
  /** True when the field may be left out (it has a default or is optional). */
  optional: boolean;
  /** True when a wrapper supplies a default (`.default()` or `.prefault()`). */
  hasDefault: boolean;
  /** Fields of an object node. */
  shape: Record<string, z.ZodType> | undefined;
  /** Element schema of an array node, value schema of a record node. */
  element: z.ZodType | undefined;
  /** Allowed values of an enum node. */
  values: readonly string[] | undefined;
  /** True for an integer-only number node. */
  integer: boolean;
}

// zod 4 keeps its definition under `_zod.def`; this is its stable introspection surface.
interface ZodInternals {
  _zod: {
    def: {
      type: string;
      innerType?: z.ZodType;
      element?: z.ZodType;
      valueType?: z.ZodType;
      shape?: Record<string, z.ZodType>;
      entries?: Record<string, string>;
    };
  };
  description?: string;
  /** Set on number schemas: 'safeint' after `.int()`. */
  format?: string | null;
}

const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch']);

/**
 * Peels the wrappers off a zod schema and says what kind of value it accepts. Used wherever the config
 * code walks the schema tree instead of hard-coding its keys.
 *
 * @example
 * ```ts
 * const node = inspectSchema(SystemConfigSchema.shape.trading);
 * node.kind; // 'object'
 * Object.keys(node.shape ?? {}); // ['symbol', 'symbols', ...]
 * ```
 */
export function inspectSchema(schema: z.ZodType): SchemaNode {
  let current = schema as unknown as ZodInternals;
  let description = current.description;
  let optional = false;
  let hasDefault = false;
  while (wrappers.has(current._zod.def.type) && current._zod.def.innerType) {
    const type = current._zod.def.type;
    if (type === 'default' || type === 'prefault') hasDefault = true;
    if (type !== 'nullable') optional = optional || type !== 'readonly';
    current = current._zod.def.innerType as unknown as ZodInternals;
    description ??= current.description;
  }
  const def = current._zod.def;
  const kind = kindOf(def.type);
  return {
    kind,
    schema: current as unknown as z.ZodType,
    description,
    optional: optional || hasDefault,
    hasDefault,
    shape: kind === 'object' ? def.shape : undefined,
    element: kind === 'array' ? def.element : kind === 'record' ? def.valueType : undefined,
    values: kind === 'enum' && def.entries ? Object.values(def.entries) : undefined,
    integer: kind === 'number' && /int/.test(current.format ?? ''),
  };
}

function kindOf(type: string): SchemaKind {
  switch (type) {
    case 'object':
    case 'record':
    case 'array':
    case 'enum':
    case 'number':
    case 'boolean':
    case 'string':
      return type;
    default:
      return 'unknown';
  }
}

/**
 * The schema of the field at `path` (object keys, array indexes and record keys), or undefined when the
 * path leaves the schema.
 *
 * @example
 * ```ts
 * schemaAt(SystemConfigSchema, ['services', 'data_fetching', 'fetch_interval']); // the number schema
 * ```
 */
export function schemaAt(root: z.ZodType, path: readonly (string | number)[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    const node = inspectSchema(current);
    if (node.kind === 'object') current = node.shape?.[String(segment)];
    else if (node.kind === 'array' || node.kind === 'record') current = node.element;
    else return undefined;
  }
  return current;
}
