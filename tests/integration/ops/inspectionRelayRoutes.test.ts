import { afterEach, describe, expect, it } from 'vitest';
import { createInspection, type Inspection } from '../../../src/ops/createInspection.js';

const inspections: Inspection[] = [];
afterEach(async () => {
  for (const inspection of inspections.splice(0)) await inspection.stop();
});

async function relay(): Promise<URL> {
  const inspection = await createInspection('local', { port: 0 });
  inspections.push(inspection);
  return new URL(inspection.url);
}

describe('the inspector relay routes', () => {
  it('answers /state with the live view as JSON, not to be cached', async () => {
    const url = await relay();
    const response = await fetch(`${url.origin}/state${url.search}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toHaveProperty('actors');
  });

  it('answers an unknown path with 404 and a method other than GET or HEAD with 405', async () => {
    const url = await relay();
    const missing = await fetch(`${url.origin}/nope${url.search}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found\n');
    const posted = await fetch(`${url.origin}/state${url.search}`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a request without the token before looking at its method', async () => {
    const url = await relay();
    expect((await fetch(`${url.origin}/state`, { method: 'POST', body: '{}' })).status).toBe(403);
  });
});
