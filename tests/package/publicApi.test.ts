import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPublicTypes } from '../../scripts/checkPublicTypes.js';
import { findExampleErrors, findTsdocGaps } from '../../scripts/checkTsdoc.js';

const directories: string[] = [];
/** Public examples known not to compile yet (`file name`), to be fixed and removed from the list. */
const baselineFile = new URL('../../scripts/tsdocExampleBaseline.json', import.meta.url);
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

  it('reports a public example that does not compile at its file and line, with the compiler message', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'tradestate-tsdoc-examples-'));
    directories.push(directory);
    mkdirSync(path.join(directory, 'src'));
    mkdirSync(path.join(directory, 'scripts'));
    writeFileSync(
      path.join(directory, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: [],
          paths: { tradestate: ['./src/index.ts'], 'tradestate/testing': ['./src/testing.ts'] },
        },
      }),
    );
    writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      path.join(directory, 'src', 'index.ts'),
      [
        '/** Doubles.\n * @example\n * ```ts\n * const four: number = double(2);\n * ```\n */',
        'export function double(value: number): number { return value * 2; }',
        '/** Halves.\n * @example\n * ```ts\n * const half: number = halve(4);\n * halve(given);\n * ```\n */',
        'export function halve(value: number): number { return value / 2; }',
        '/** Triples.\n * @example\n * ```ts\n * const text: string = triple(1);\n * ```\n */',
        'export function triple(value: number): number { return value * 3; }',
      ].join('\n'),
    );
    writeFileSync(path.join(directory, 'src', 'testing.ts'), 'export {};\n');
    writeFileSync(
      path.join(directory, 'scripts', 'tsdocExamplePreamble.ts'),
      'declare global { const given: number; }\nexport {};\n',
    );
    const errors = findExampleErrors(directory);
    expect(errors.map(({ name, file, line }) => ({ name, file, line }))).toEqual([
      { name: 'triple', file: path.join('src', 'index.ts'), line: 19 },
    ]);
    expect(errors[0]?.message).toMatch(/'number' is not assignable to type 'string'/);
  });

  it('compiles the ```ts @example of every public export, except the listed ones still to fix', () => {
    const failing = [...new Set(findExampleErrors().map((error) => `${error.file} ${error.name}`))].sort();
    const baseline = (JSON.parse(readFileSync(baselineFile, 'utf8')) as string[]).sort();
    // A new failure is a regression; a listed example that now compiles must leave the list.
    expect({ newlyFailing: failing.filter((entry) => !baseline.includes(entry)) }).toEqual({
      newlyFailing: [],
    });
    expect({ nowCompiling: baseline.filter((entry) => !failing.includes(entry)) }).toEqual({
      nowCompiling: [],
    });
  }, 300_000);

  it('finds an @example on every export of src/index.ts and src/testing.ts', () => {
    const gaps = findTsdocGaps().map((gap) => `${gap.file}:${gap.line} ${gap.name} (no ${gap.missing})`);
    expect(gaps).toEqual([]);
  });
});
