/** Key names whose values are secrets: accepted only from the environment, never printed. */
const secretKeyPattern = /secret|token|password|passphrase|(^|_)api_?key$/i;

/**
 * True for a key whose value is a secret (`api_key`, `api_secret`, or any key naming a secret, token or
 * password).
 *
 * @example
 * ```ts
 * isSecretKey('api_key'); // true
 * isSecretKey('auth_token'); // true
 * isSecretKey('symbol'); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** What `redactConfig` puts in place of a secret. */
export const REDACTED = '[REDACTED]';

/**
 * A deep copy of a configuration (or any plain data) with every secret value replaced by `[REDACTED]`,
 * for printing and logging.
 *
 * @example
 * ```ts
 * const safe = redactConfig(config);
 * safe.trading.broker.api_key; // '[REDACTED]' when set, undefined when not
 * ```
 */
export function redactConfig<T>(config: T): T {
  return redactValue(config) as T;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && inner !== undefined && inner !== null ? REDACTED : redactValue(inner);
  }
  return copy;
}
