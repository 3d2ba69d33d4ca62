/** A path into a configuration tree: object keys and array indexes. */
export type ConfigPath = readonly (string | number)[];

/**
 * True for a plain `{}` object (not an array, not null).
 *
 * @example
 * ```ts
 * isPlainObject({}); // true
 * isPlainObject([]); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The value at `path`, or undefined when the path leaves the tree.
 *
 * @example
 * ```ts
 * valueAt({ trading: { symbol: 'EURUSD' } }, ['trading', 'symbol']); // 'EURUSD'
 * ```
 */
export function valueAt(tree: unknown, path: ConfigPath): unknown {
  let current = tree;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

/**
 * Sets the value at `path` in place, creating (or replacing non-object) intermediate objects.
 *
 * @example
 * ```ts
 * const tree = {};
 * setAt(tree, ['services', 'data_fetching', 'fetch_interval'], 10);
 * // tree: { services: { data_fetching: { fetch_interval: 10 } } }
 * ```
 */
export function setAt(tree: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = tree;
  for (const [index, segment] of path.entries()) {
    if (index === path.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (!isPlainObject(next)) current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
}

/**
 * A new tree with `top` laid over `base`: plain objects merge key by key, anything else (arrays included)
 * is replaced whole. Undefined values in `top` leave `base` as it was.
 *
 * @example
 * ```ts
 * mergeConfigInput({ trading: { symbol: 'EURUSD', speed: 1 } }, { trading: { symbol: 'GBPUSD' } });
 * // { trading: { symbol: 'GBPUSD', speed: 1 } }
 * ```
 */
export function mergeConfigInput(base: unknown, top: unknown): unknown {
  if (top === undefined) return cloneTree(base);
  if (!isPlainObject(base) || !isPlainObject(top)) return cloneTree(top);
  const result: Record<string, unknown> = cloneTree(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(top)) result[key] = mergeConfigInput(base[key], value);
  return result;
}

/**
 * A deep copy of plain data (objects, arrays, primitives).
 *
 * @example
 * ```ts
 * const copy = cloneTree({ a: [1, 2] });
 * ```
 */
export function cloneTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneTree);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[key] = cloneTree(inner);
  return result;
}
