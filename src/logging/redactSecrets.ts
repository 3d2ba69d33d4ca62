/** Key names whose values are secrets (the same rule as the config printer's). */
const secretKeyPattern =
  /secret|token|password|passphrase|passwd|authorization|(^|_)api_?key$|^apiKey$|private_?key/i;

/**
 * Exact key names pino's `redact` censors in log lines, at the top level and up to three objects deep.
 * pino matches paths, not patterns, so this list names the common spellings.
 */
export const secretLogKeys: readonly string[] = [
  'api_key',
  'apiKey',
  'api_secret',
  'apiSecret',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'password',
  'passphrase',
  'authorization',
  'Authorization',
  'private_key',
];

/** What replaces a secret. */
export const redactedText = '[REDACTED]';

/**
 * A deep copy of `value` in which every secret-looking key (`api_key`, `api_secret`, `token`, `password`,
 * `secret`, `authorization`, ...) that holds a value is replaced by `[REDACTED]`; unset secrets stay
 * `undefined`/`null` so a reader can tell they are missing. For printing configurations.
 *
 * @example
 * ```ts
 * redactSecrets({ broker: { api_key: 'k-123', spread_pips: 0.8 } });
 * // { broker: { api_key: '[REDACTED]', spread_pips: 0.8 } }
 * ```
 */
export function redactSecrets<T>(value: T): T {
  return copyRedacted(value, new WeakMap()) as T;
}

function copyRedacted(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(copyRedacted(item, seen));
    return copy;
  }
  // Only plain data is copied; class instances (Date, Map, errors, ...) are kept as they are.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, inner] of Object.entries(value)) {
    copy[key] =
      secretKeyPattern.test(key) && inner !== undefined && inner !== null
        ? redactedText
        : copyRedacted(inner, seen);
  }
  return copy;
}
