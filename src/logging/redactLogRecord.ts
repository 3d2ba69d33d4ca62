import { redactedText, secretLogKeys } from './redactSecrets.js';

const secretKeys: ReadonlySet<string> = new Set(secretLogKeys);

/** How deep below the top level secrets are looked for (the top level plus three objects). */
const maxDepth = 3;

/**
 * `record` with every {@link secretLogKeys} key that holds a value replaced by `[REDACTED]`, at the top
 * level and up to three objects (or arrays) deep. Copy on write: a record without secrets (nearly every
 * log line) is returned as is, after one `Set` lookup per key and a look into nested plain objects only,
 * so a line costs no wildcard path scans.
 *
 * @example
 * ```ts
 * redactLogRecord({ symbol: 'EURUSD', broker: { api_key: 'k' } }); // { symbol: 'EURUSD', broker: { api_key: '[REDACTED]' } }
 * ```
 */
export function redactLogRecord<T extends object>(record: T): T {
  return redactObject(record, 0) as T;
}

function redactObject(value: object, depth: number): object {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const redacted = nested(item, depth);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[index] = redacted;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    let redacted: unknown = item;
    if (secretKeys.has(key)) {
      if (item !== undefined && item !== null) redacted = redactedText;
    } else redacted = nested(item, depth);
    if (redacted !== item) {
      copy ??= { ...record };
      copy[key] = redacted;
    }
  }
  return copy ?? value;
}

function nested(item: unknown, depth: number): unknown {
  if (depth >= maxDepth || item === null || typeof item !== 'object') return item;
  // Only plain data: class instances (errors, dates, buffers) are serialized by their own rules.
  if (!Array.isArray(item)) {
    const prototype = Object.getPrototypeOf(item);
    if (prototype !== Object.prototype && prototype !== null) return item;
  }
  return redactObject(item, depth + 1);
}
