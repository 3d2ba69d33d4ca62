/** Key names whose values are secrets: accepted only from the environment, never printed. */
const secretKeyPattern = /secret|token|password|passphrase|(^|_)api_?key$|(^|_)nkey_seed$/i;

/** The user-info part of a URL (`scheme://user:password@` or `scheme://token@`), anywhere in a text. */
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]+)@/gi;

/**
 * True for a key whose value is a secret (`api_key`, `api_secret`, `nkey_seed`, or any key naming a secret,
 * token or password).
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
 * `text` with the credentials of every URL in it replaced: `nats://user:pass@host` becomes
 * `nats://user:[REDACTED]@host`, and `nats://token@host` becomes `nats://[REDACTED]@host`. For settings,
 * error messages and anything else printed, logged or written to a report.
 *
 * @example
 * ```ts
 * redactUrlCredentials('nats://trader:s3cret@10.0.0.5:4222'); // 'nats://trader:[REDACTED]@10.0.0.5:4222'
 * ```
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(urlCredentials, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userInfo.slice(0, colon)}:${REDACTED}@`;
  });
}

/**
 * A deep copy of a configuration (or any plain data) with every secret value replaced by `[REDACTED]` and
 * the credentials of every URL-shaped string removed (see `redactUrlCredentials`), for printing and logging.
 *
 * @example
 * ```ts
 * const safe = redactConfig(config);
 * safe.trading.broker.api_key; // '[REDACTED]' when set, undefined when not
 * safe.event_bus.nats.servers; // ['nats://trader:[REDACTED]@10.0.0.5:4222']
 * ```
 */
export function redactConfig<T>(config: T): T {
  return redactValue(config) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && inner !== undefined && inner !== null ? REDACTED : redactValue(inner);
  }
  return copy;
}
