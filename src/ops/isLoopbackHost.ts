import { isIP } from 'node:net';

/**
 * Whether a bind address only accepts connections from this machine: `localhost`, `127.0.0.0/8`, `::1`
 * and IPv4-mapped loopback (`::ffff:127.0.0.1`). Wildcards (`0.0.0.0`, `::`) and names are not loopback.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const normalized = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (normalized === 'localhost') return true;
  const version = isIP(normalized);
  if (version === 4) return normalized.startsWith('127.');
  if (version === 6) {
    if (normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(normalized);
    return mapped?.[1]?.startsWith('127.') ?? false;
  }
  return false;
}
