import { describe, expect, it } from 'vitest';
import { assessReadiness } from '../../../src/ops/assessReadiness.js';

describe('assessReadiness', () => {
  it('is ready when every service is RUNNING and healthy, naming none', () => {
    expect(
      assessReadiness({ a: { state: 'RUNNING', healthy: true }, b: { state: 'RUNNING', healthy: true } }),
    ).toEqual({ ready: true, services: {} });
  });

  it('names only the services that are not ready, with their state and reason', () => {
    const readiness = assessReadiness({
      a: { state: 'RUNNING', healthy: true },
      b: { state: 'FAILED', healthy: false, reason: 'state FAILED' },
      c: { state: 'RUNNING', healthy: false, reason: 'stale feed' },
    });
    expect(readiness).toEqual({
      ready: false,
      services: {
        b: { state: 'FAILED', healthy: false, reason: 'state FAILED' },
        c: { state: 'RUNNING', healthy: false, reason: 'stale feed' },
      },
    });
  });

  it('supplies a reason when the health entry has none', () => {
    const readiness = assessReadiness({
      a: { state: 'INITIALIZING', healthy: false },
      b: { state: 'RUNNING', healthy: false },
    });
    expect(readiness.services.a?.reason).toBe('state INITIALIZING');
    expect(readiness.services.b?.reason).toBe('health probe failed');
  });

  it('is not ready when there is no service at all', () => {
    expect(assessReadiness({})).toEqual({ ready: false, services: {}, reason: 'no services' });
  });
});
