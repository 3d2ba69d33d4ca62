import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmePath, renderReadme } from '../../scripts/renderReadme.js';

describe('README.md', () => {
  it('has the configuration reference and the machine diagrams as the code generates them (run `npm run docs` when this fails)', () => {
    const current = readFileSync(readmePath, 'utf8');
    expect(renderReadme(current)).toBe(current);
  });

  it('keeps the two-command quick start', () => {
    const current = readFileSync(readmePath, 'utf8');
    expect(current).toContain('npm ci && npm start');
    expect(current).toContain('npm test');
  });
});
