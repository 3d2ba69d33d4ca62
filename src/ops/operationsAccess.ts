import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isLoopbackHost } from './isLoopbackHost.js';
import { OperationsAccessError } from './operationsAccessError.js';

/** A bind address that means "every interface". */
const isWildcard = (host: string) => host === '' || host === '0.0.0.0' || host === '::';

/**
 * A bind address as a person reads it: the empty host and the wildcards name every interface.
 *
 * @example
 * ```ts
 * describeHost('');          // 'every interface (empty host)'
 * describeHost('10.0.0.5');  // '10.0.0.5'
 * ```
 */
export function describeHost(host: string): string {
  return isWildcard(host) ? `every interface (${host === '' ? 'empty host' : host})` : host;
}

const equalSecrets = (given: string, expected: string): boolean => {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Who may talk to the operations endpoint: requests must name it by an accepted `Host` (against DNS
 * rebinding), and, when credentials are configured (required off loopback), carry them.
 *
 * @example
 * ```ts
 * const access = OperationsAccess.fromOptions('127.0.0.1', { port: 9464 });
 * access.check(request); // undefined, or { status: 403 | 401, message }
 * ```
 */
export class OperationsAccess {
  private constructor(
    private readonly hosts: ReadonlySet<string>,
    private readonly token: string | undefined,
    private readonly basic: { user: string; password: string } | undefined,
  ) {}

  /**
   * @throws OperationsAccessError for a non-loopback host without `allow_remote`, remote access without
   * credentials, or a user without a password.
   */
  static fromOptions(
    host: string,
    options: {
      allow_remote?: boolean;
      allowed_hosts?: readonly string[];
      token?: string;
      user?: string;
      password?: string;
    },
  ): OperationsAccess {
    if ((options.user === undefined) !== (options.password === undefined)) {
      throw new OperationsAccessError(
        'orchestrator.http.user and ORCHESTRATOR_HTTP_PASSWORD go together: set both for basic auth, or neither',
      );
    }
    const basic =
      options.user !== undefined && options.password !== undefined
        ? { user: options.user, password: options.password }
        : undefined;
    if (!isLoopbackHost(host)) {
      if (options.allow_remote !== true) {
        throw new OperationsAccessError(
          `orchestrator.http.host is ${describeHost(host)}, reachable from other machines: keep it on 127.0.0.1, ` +
            'or set orchestrator.http.allow_remote: true with ORCHESTRATOR_HTTP_TOKEN (or orchestrator.http.user and ORCHESTRATOR_HTTP_PASSWORD)',
        );
      }
      if (options.token === undefined && basic === undefined) {
        throw new OperationsAccessError(
          'orchestrator.http.allow_remote needs credentials: set ORCHESTRATOR_HTTP_TOKEN, or orchestrator.http.user and ORCHESTRATOR_HTTP_PASSWORD',
        );
      }
    }
    const hosts = new Set(['localhost', ...(options.allowed_hosts ?? [])].map((name) => name.toLowerCase()));
    if (!isWildcard(host)) hosts.add(host.toLowerCase().replace(/^\[(.*)\]$/, '$1'));
    return new OperationsAccess(hosts, options.token, basic);
  }

  /** Undefined when the request may proceed; otherwise the status and message to answer with. */
  check(request: IncomingMessage): { status: 401 | 403; message: string } | undefined {
    const name = hostName(request.headers.host);
    // IP literals cannot be rebound by DNS; names must be ones this endpoint was told about.
    if (name === undefined || (isIP(name) === 0 && !this.hosts.has(name))) {
      return {
        status: 403,
        message: `host not allowed: ${name ?? '(none)'} (see orchestrator.http.allowed_hosts)`,
      };
    }
    if (this.token === undefined && this.basic === undefined) return undefined;
    const authorization = request.headers.authorization ?? '';
    const [scheme, value = ''] = authorization.split(' ', 2);
    if (this.token !== undefined && scheme?.toLowerCase() === 'bearer' && equalSecrets(value, this.token)) {
      return undefined;
    }
    if (this.basic !== undefined && scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (
        colon > 0 &&
        equalSecrets(decoded.slice(0, colon), this.basic.user) &&
        equalSecrets(decoded.slice(colon + 1), this.basic.password)
      ) {
        return undefined;
      }
    }
    return { status: 401, message: 'authentication required' };
  }
}

/** The host name of a `Host` header, lower-cased, without port or IPv6 brackets. */
function hostName(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!.toLowerCase();
  const colon = header.lastIndexOf(':');
  const name = colon >= 0 && header.indexOf(':') === colon ? header.slice(0, colon) : header;
  return name.toLowerCase();
}
