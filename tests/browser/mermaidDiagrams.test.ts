import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagramCommand } from '../../src/cli/commands/diagram.js';
import { diagramMachines } from '../../src/machines/diagramMachines.js';
import { fakeCliIO } from '../support/fakeCliIO.js';
import { launchChromium } from '../support/launchChromium.js';
import { mermaidPage, parseMermaid } from '../support/parseMermaid.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("Mermaid's own parser in Chromium accepts every diagram we print", () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await mermaidPage(browser);
  }, 60_000);
  afterAll(async () => browser?.close());

  it('rejects a note with a second colon (what the diagrams printed before), so a pass means something', async () => {
    const verdict = await parseMermaid(page, 'stateDiagram-v2\n  a : A\n  note right of a : one: two\n');
    expect(verdict.ok).toBe(false);
    expect(verdict.error).toMatch(/Parse error/);
  });

  it.each(Object.keys(diagramMachines))(
    'tradestate diagram --machine %s parses and renders as a state diagram',
    async (name) => {
      const cli = fakeCliIO();
      expect(await diagramCommand.run(['--machine', name], cli.io)).toBe(0);
      const verdict = await parseMermaid(page, cli.stdout());
      expect(verdict).toMatchObject({ ok: true, diagramType: 'stateDiagram' });
      expect(verdict.svgLength).toBeGreaterThan(10_000);
    },
  );

  it('every mermaid block in the README parses and renders', async () => {
    const blocks = [...readme.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(Object.keys(diagramMachines).length);
    for (const block of blocks) {
      const verdict = await parseMermaid(page, block);
      expect(verdict.error, block.split('\n').slice(0, 3).join(' / ')).toBeUndefined();
    }
  });
});
