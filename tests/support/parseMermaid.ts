import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** What Mermaid's own parser said about one diagram. */
export interface MermaidVerdict {
  ok: boolean;
  /** The diagram type Mermaid recognised (`stateDiagram`), when it parsed. */
  diagramType?: string;
  /** Mermaid's parse or render error, when it did not. */
  error?: string;
  /** Size of the rendered SVG, when it rendered. */
  svgLength?: number;
}

/**
 * A blank page in real Chromium with Mermaid's own bundle loaded from node_modules (no network): Mermaid
 * needs a DOM (DOMPurify) even to parse, which Node does not give it.
 */
export async function mermaidPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => {
    (globalThis as unknown as { mermaid: { initialize(options: object): void } }).mermaid.initialize({
      startOnLoad: false,
    });
  });
  return page;
}

/** Parses and renders `text` with Mermaid in `page`; never throws, returns Mermaid's verdict. */
export async function parseMermaid(page: Page, text: string): Promise<MermaidVerdict> {
  return page.evaluate(async (diagram) => {
    const mermaid = (
      globalThis as unknown as {
        mermaid: {
          parse(text: string): Promise<{ diagramType: string }>;
          render(id: string, text: string): Promise<{ svg: string }>;
        };
      }
    ).mermaid;
    try {
      const parsed = await mermaid.parse(diagram);
      const { svg } = await mermaid.render(`diagram${Math.floor(Math.random() * 1e9)}`, diagram);
      return { ok: true, diagramType: parsed.diagramType, svgLength: svg.length };
    } catch (error) {
      return { ok: false, error: String((error as Error)?.message ?? error) };
    }
  }, text);
}
