/**
 * Keys a configuration never has and that would reach an object's prototype when merged
 * (`__proto__`), or shadow what every object inherits (`constructor`, `prototype`).
 *
 * @example
 * ```ts
 * forbiddenKeys.has('__proto__'); // true
 * ```
 */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True when `value` (parsed JSON or YAML) has a {@link forbiddenKeys} key at any depth.
 *
 * @example
 * ```ts
 * hasForbiddenKey(JSON.parse('{"a": {"__proto__": {"polluted": true}}}')); // true
 * ```
 */
export function hasForbiddenKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => forbiddenKeys.has(key) || hasForbiddenKey(inner));
}
