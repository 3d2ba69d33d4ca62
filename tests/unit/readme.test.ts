import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmePath, renderReadme } from '../../scripts/renderReadme.js';
import { exitCodes } from '../../src/errors/exitCodes.js';

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

  it('lists in its exit-code table exactly the codes the CLI uses (src/errors/exitCodes.ts)', () => {
    const current = readFileSync(readmePath, 'utf8');
    const table = current.slice(current.indexOf('Exit codes (defined once'));
    const rows = table.slice(0, table.indexOf('\n\n', table.indexOf('| Code |'))).split('\n');
    const listed = rows
      .filter((row) => /^\| `\d/.test(row))
      .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`(\d+)`/g)].map((match) => Number(match[1])));
    expect(listed.sort((a, b) => a - b)).toEqual(Object.values(exitCodes).sort((a, b) => a - b));
  });
});
