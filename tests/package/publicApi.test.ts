import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPublicTypes } from '../../scripts/checkPublicTypes.js';
import { findTsdocGaps } from '../../scripts/checkTsdoc.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A fake `dist/` with the two entry points and their modules. */
function declarations(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'tradestate-dts-'));
  directories.push(directory);
  for (const [name, text] of Object.entries({ 'testing.d.ts': 'export {};\n', ...files })) {
    writeFileSync(path.join(directory, name), text);
  }
  return directory;
}

describe('checkPublicTypes', () => {
  it('reports an options interface that a public function takes but the entry point does not export, with its trail', () => {
    const directory = declarations({
      'feed.d.ts':
        'export interface FeedOptions { limit: number }\nexport declare function openFeed(options: FeedOptions): void;\n',
      'index.d.ts': "export { openFeed } from './feed.js';\n",
    });
    expect(checkPublicTypes(directory)).toEqual([
      { trail: 'openFeed -> FeedOptions', type: 'FeedOptions', file: 'feed.d.ts', severity: 'error' },
    ]);
  });

  it('follows class members and import() types, ignores private members and third-party types', () => {
    const directory = declarations({
      'state.d.ts': 'export interface Hidden { a: number }\nexport interface Secret { b: number }\n',
      'engine.d.ts': [
        "import type { Secret } from './state.js';",
        'export declare class Engine {',
        '  private secret;',
        '  private keep(value: Secret): void;',
        '  readonly promise: Promise<Array<string>>;',
        "  snapshot(): import('./state.js').Hidden;",
        '}',
      ].join('\n'),
      'index.d.ts': "export { Engine } from './engine.js';\n",
    });
    expect(checkPublicTypes(directory).map((problem) => problem.trail)).toEqual([
      'Engine.snapshot -> Hidden',
    ]);
  });

  it('accepts an API whose referenced types are exported, from either entry point', () => {
    const directory = declarations({
      'feed.d.ts':
        'export interface FeedOptions { limit: number }\nexport declare function openFeed(options: FeedOptions): void;\n',
      'index.d.ts': "export { openFeed } from './feed.js';\n",
      'testing.d.ts': "export type { FeedOptions } from './feed.js';\n",
    });
    expect(checkPublicTypes(directory)).toEqual([]);
  });

  it('only warns about an alias local to its file (the structure is spellable, the name is not)', () => {
    const directory = declarations({
      'engine.d.ts':
        'type Settings = { fast: boolean };\nexport declare function tune(settings: Settings): void;\n',
      'index.d.ts': "export { tune } from './engine.js';\n",
    });
    expect(checkPublicTypes(directory).map((problem) => problem.severity)).toEqual(['warning']);
  });
});

describe('checkTsdoc', () => {
  it('names each public export whose declaration lacks a comment or an @example', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'tradestate-tsdoc-'));
    directories.push(directory);
    writeFileSync(
      path.join(directory, 'api.ts'),
      [
        '/** Documented.\n * @example\n * ```ts\n * good();\n * ```\n */',
        'export function good(): void {}',
        '/** Documented, no example. */',
        'export const noExample = 1;',
        'export interface Bare { a: number }',
      ].join('\n'),
    );
    writeFileSync(path.join(directory, 'index.ts'), "export { Bare, good, noExample } from './api.js';\n");
    const gaps = findTsdocGaps(['index.ts'], directory);
    expect(gaps.map(({ name, missing, line }) => ({ name, missing, line }))).toEqual([
      { name: 'noExample', missing: 'example', line: 9 },
      { name: 'Bare', missing: 'comment', line: 10 },
    ]);
  });

  it('finds an @example on every export of src/index.ts and src/testing.ts', () => {
    const gaps = findTsdocGaps().map((gap) => `${gap.file}:${gap.line} ${gap.name} (no ${gap.missing})`);
    expect(gaps).toEqual([]);
  });
});
