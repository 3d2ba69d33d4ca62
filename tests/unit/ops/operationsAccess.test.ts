import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { describeHost, OperationsAccess } from '../../../src/ops/operationsAccess.js';
import { OperationsAccessError } from '../../../src/ops/operationsAccessError.js';

const request = (headers: { host?: string; authorization?: string }) => ({ headers }) as IncomingMessage;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('OperationsAccess.fromOptions', () => {
  it('refuses a host reachable from other machines unless allow_remote is set', () => {
    expect(() => OperationsAccess.fromOptions('0.0.0.0', { token: 't' })).toThrow(
      /orchestrator\.http\.host is every interface \(0\.0\.0\.0\), reachable from other machines/,
    );
  });

  it('refuses remote access without credentials', () => {
    expect(() => OperationsAccess.fromOptions('10.0.0.5', { allow_remote: true })).toThrow(
      new OperationsAccessError(
        'orchestrator.http.allow_remote needs credentials: set ORCHESTRATOR_HTTP_TOKEN, or orchestrator.http.user and ORCHESTRATOR_HTTP_PASSWORD',
      ),
    );
  });

  it('refuses a user without a password, and a password without a user', () => {
    expect(() => OperationsAccess.fromOptions('127.0.0.1', { user: 'ops' })).toThrow(/go together/);
    expect(() => OperationsAccess.fromOptions('127.0.0.1', { password: 'secret' })).toThrow(/go together/);
  });
});

describe('OperationsAccess.check', () => {
  it('lets a loopback endpoint without credentials answer localhost, its own host and IP literals', () => {
    const access = OperationsAccess.fromOptions('127.0.0.1', {});
    for (const host of ['localhost:9464', 'LOCALHOST', '127.0.0.1:9464', '[::1]:9464', '192.168.1.9']) {
      expect(access.check(request({ host }))).toBeUndefined();
    }
  });

  it('refuses a name it was not told about (DNS rebinding) and a request without a Host', () => {
    const access = OperationsAccess.fromOptions('127.0.0.1', {});
    expect(access.check(request({ host: 'evil.example:9464' }))).toEqual({
      status: 403,
      message: 'host not allowed: evil.example (see orchestrator.http.allowed_hosts)',
    });
    expect(access.check(request({}))).toMatchObject({ status: 403, message: /\(none\)/ });
  });

  it('accepts the allowed_hosts and a named bind host, in any case', () => {
    const access = OperationsAccess.fromOptions('ops.internal', {
      allow_remote: true,
      allowed_hosts: ['Dashboard.Example'],
      token: 't',
    });
    const bearer = 'Bearer t';
    expect(access.check(request({ host: 'dashboard.example', authorization: bearer }))).toBeUndefined();
    expect(access.check(request({ host: 'OPS.internal:80', authorization: bearer }))).toBeUndefined();
  });

  it('asks for the bearer token when one is configured, comparing it whole', () => {
    const access = OperationsAccess.fromOptions('0.0.0.0', { allow_remote: true, token: 'secret-token' });
    const at = (authorization?: string) => access.check(request({ host: '10.0.0.5', authorization }));
    expect(at('Bearer secret-token')).toBeUndefined();
    expect(at('bearer secret-token')).toBeUndefined();
    expect(at('Bearer secret')).toEqual({ status: 401, message: 'authentication required' });
    expect(at(undefined)).toEqual({ status: 401, message: 'authentication required' });
    expect(at(basic('secret-token', 'secret-token'))).toMatchObject({ status: 401 });
  });

  it('accepts basic credentials only with the right user and password', () => {
    const access = OperationsAccess.fromOptions('::', { allow_remote: true, user: 'ops', password: 'p:w' });
    const at = (authorization: string) => access.check(request({ host: '10.0.0.5', authorization }));
    expect(at(basic('ops', 'p:w'))).toBeUndefined();
    expect(at(basic('ops', 'wrong'))).toMatchObject({ status: 401 });
    expect(at(basic('admin', 'p:w'))).toMatchObject({ status: 401 });
    expect(at(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toMatchObject({ status: 401 });
    expect(at('Bearer p:w')).toMatchObject({ status: 401 });
  });
});

describe('describeHost', () => {
  it('names the wildcards as every interface and leaves other hosts as they are', () => {
    expect(describeHost('')).toBe('every interface (empty host)');
    expect(describeHost('::')).toBe('every interface (::)');
    expect(describeHost('10.0.0.5')).toBe('10.0.0.5');
  });
});
