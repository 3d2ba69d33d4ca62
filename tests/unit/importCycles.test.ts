import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  exampleCycle,
  folderImports,
  type ImportGraph,
  importCycles,
  importGraph,
} from '../../scripts/findImportCycles.js';

const src = fileURLToPath(new URL('../../src', import.meta.url));

describe('import cycles under src', () => {
  it('finds a cycle through three files and none in a chain', () => {
    const circle: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(exampleCycle(circle, ['a.ts', 'b.ts', 'c.ts'])).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    const chain: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', []],
    ]);
    expect(importCycles(chain)).toEqual([]);
  });

  it('reads the imports of the real sources, type imports and re-exports included', () => {
    const graph = importGraph(src);
    expect(graph.get('cli/commands/diagram.ts')).toContain('machines/machineToMermaid.ts');
    expect(graph.get('index.ts')?.length).toBeGreaterThan(20);
  });

  it('no file takes part in an import cycle, type imports included', () => {
    const graph = importGraph(src);
    const cycles = importCycles(graph).map((group) => exampleCycle(graph, group).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('no two folders of src import each other', () => {
    const folders = folderImports(importGraph(src));
    const twoWay = [...folders].flatMap(([folder, targets]) =>
      targets
        .filter((target) => folder < target && folders.get(target)?.includes(folder))
        .map((target) => `${folder} <-> ${target}`),
    );
    expect(twoWay).toEqual([]);
  });
});
