import type { z } from 'zod';
import { decimalNumber } from '../util/decimalNumber.js';
import type { ConfigProblem } from './configError.js';
import { didYouMean } from './didYouMean.js';
import { hasForbiddenKey } from './forbiddenKeys.js';
import { inspectSchema, type SchemaNode } from './inspectSchema.js';
import { SystemConfigSchema } from './systemConfig.js';

/** One environment variable resolved to a configuration path and a typed value. */
export interface EnvOverride {
  path: string[];
  value: unknown;
  variable: string;
  /** The `.env` file it came from, if any. */
  file?: string;
}

/** What `resolveEnvOverrides` found: the overrides to apply and the variables it could not use. */
export interface EnvOverrideResult {
  overrides: EnvOverride[];
  problems: ConfigProblem[];
}

/**
 * Turns environment variables into configuration overrides, the specification's way: the path upper-cased and
 * joined by `_` (`SERVICES_DATA_FETCHING_FETCH_INTERVAL=10`). Keys contain `_` themselves, so names are
 * matched against the schema's keys with backtracking. Only variables starting with a top-level section
 * (`SERVICES_`, `EVENT_BUS_`, `TRADING_`, ...) are considered; one that names no field is a problem with a
 * "did you mean". Values are coerced to the field's type: numbers, booleans (true/false/1/0/yes/no/on/off),
 * enums (case-insensitive), string and enum arrays as comma-separated lists, anything else as JSON. An
 * empty value counts as unset.
 *
 * @example
 * ```ts
 * const { overrides } = resolveEnvOverrides({ TRADING_SYMBOL: 'GBPUSD', LOGGING_LEVEL: 'debug' });
 * // [{ path: ['trading', 'symbol'], value: 'GBPUSD', ... }, { path: ['logging', 'level'], value: 'DEBUG', ... }]
 * ```
 */
export function resolveEnvOverrides(
  env: Record<string, string | undefined>,
  options: { schema?: z.ZodType; fileOf?: (variable: string) => string | undefined } = {},
): EnvOverrideResult {
  const root = inspectSchema(options.schema ?? SystemConfigSchema);
  const shape = root.shape ?? {};
  const sections = Object.keys(shape).map((key) => `${key.toUpperCase()}_`);
  const overrides: EnvOverride[] = [];
  const problems: ConfigProblem[] = [];
  let knownNames: string[] | undefined;

  for (const variable of Object.keys(env).sort()) {
    const raw = env[variable];
    if (raw === undefined || raw === '' || !sections.some((section) => variable.startsWith(section)))
      continue;
    const file = options.fileOf?.(variable);
    const source = file ? { kind: 'env' as const, variable, file } : { kind: 'env' as const, variable };
    const match = matchPath(shape, variable.split('_'), 0);
    if (!match) {
      knownNames ??= variableNames(shape, []);
      const hint = didYouMean(variable, knownNames);
      problems.push({
        path: '',
        value: raw,
        expected: 'a variable naming a configuration field',
        message: `environment variable ${variable} names no configuration field${hint ? ` (did you mean ${hint}?)` : ''}`,
        source,
      });
      continue;
    }
    const coerced = coerceEnvValue(raw, inspectSchema(match.schema));
    if ('expected' in coerced) {
      problems.push({
        path: match.path.join('.'),
        value: raw,
        expected: coerced.expected,
        message: `expected ${coerced.expected}, got ${JSON.stringify(raw)}`,
        source,
      });
      continue;
    }
    overrides.push({ path: match.path, value: coerced.value, variable, ...(file ? { file } : {}) });
  }
  return { overrides, problems };
}

interface PathMatch {
  path: string[];
  schema: z.ZodType;
}

function matchPath(shape: Record<string, z.ZodType>, tokens: string[], start: number): PathMatch | undefined {
  for (const [key, schema] of Object.entries(shape)) {
    const keyTokens = key.toUpperCase().split('_');
    if (!keyTokens.every((token, offset) => tokens[start + offset] === token)) continue;
    const next = start + keyTokens.length;
    if (next === tokens.length) return { path: [key], schema };
    const node = inspectSchema(schema);
    if (node.kind !== 'object' || !node.shape) continue;
    const inner = matchPath(node.shape, tokens, next);
    if (inner) return { path: [key, ...inner.path], schema: inner.schema };
  }
  return undefined;
}

function variableNames(shape: Record<string, z.ZodType>, prefix: string[]): string[] {
  const names: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const path = [...prefix, key];
    names.push(path.join('_').toUpperCase());
    const node = inspectSchema(schema);
    if (node.kind === 'object' && node.shape) names.push(...variableNames(node.shape, path));
  }
  return names;
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/**
 * Converts one environment string to the type a schema node accepts, or says what was expected.
 *
 * @example
 * ```ts
 * coerceEnvValue('10', inspectSchema(z.number())); // { value: 10 }
 * coerceEnvValue('abc', inspectSchema(z.number())); // { expected: 'a number' }
 * ```
 */
export function coerceEnvValue(raw: string, node: SchemaNode): { value: unknown } | { expected: string } {
  const text = raw.trim();
  switch (node.kind) {
    case 'string':
      return { value: raw };
    case 'number': {
      const value = decimalNumber.test(text) ? Number(text) : Number.NaN;
      if (!Number.isFinite(value)) return { expected: node.integer ? 'an integer' : 'a number' };
      return { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (truthy.has(lower)) return { value: true };
      if (falsy.has(lower)) return { value: false };
      return { expected: 'a boolean (true/false, 1/0, yes/no, on/off)' };
    }
    case 'enum':
      return coerceEnum(text, node.values ?? []);
    case 'array': {
      if (text.startsWith('[')) return parseJson(text, 'a JSON array');
      const element = node.element ? inspectSchema(node.element) : undefined;
      if (!element || element.kind === 'object' || element.kind === 'array' || element.kind === 'record') {
        return { expected: 'a JSON array' };
      }
      const items = text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const values: unknown[] = [];
      for (const item of items) {
        const coerced = coerceEnvValue(item, element);
        if ('expected' in coerced)
          return { expected: `a comma-separated list of ${plural(coerced.expected)}` };
        values.push(coerced.value);
      }
      return { value: values };
    }
    default:
      return parseJson(text, node.kind === 'unknown' ? 'JSON' : 'a JSON object');
  }
}

function coerceEnum(text: string, values: readonly string[]): { value: unknown } | { expected: string } {
  if (values.includes(text)) return { value: text };
  const folded = values.filter((value) => value.toLowerCase() === text.toLowerCase());
  if (folded.length === 1) return { value: folded[0] };
  return { expected: `one of ${values.join(', ')}` };
}

function parseJson(text: string, expected: string): { value: unknown } | { expected: string } {
  try {
    const value: unknown = JSON.parse(text);
    // JSON.parse makes "__proto__" an own key; merged into the config it would replace a prototype.
    if (hasForbiddenKey(value))
      return { expected: `${expected} without "__proto__", "constructor" or "prototype" keys` };
    return { value };
  } catch {
    return { expected };
  }
}

function plural(expected: string): string {
  return expected.replace(/^an? /, '').replace(/^(number|integer|boolean)/, '$1s');
}
