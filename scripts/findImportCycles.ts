/**
 * Finds import cycles among the TypeScript files under a folder (default `src`): each group of files that
 * import one another in a circle (a strongly connected component of the import graph), with one cycle
 * through it as an example. Exits 1 when there is any.
 *
 *   node --import tsx scripts/findImportCycles.ts [folder] [--runtime]
 *
 * `--runtime` leaves out `import type` / `export type` (erased at compile time, so they cannot fail a load).
 * `--folders` also prints, per top folder, the folders its files import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file and the files it imports (paths relative to the scanned folder). */
export type ImportGraph = Map<string, string[]>;

const specifier =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Relative imports of every file under `folder` (`.js` specifiers resolved to their `.ts` sources). */
export function importGraph(folder: string, options: { runtimeOnly?: boolean } = {}): ImportGraph {
  const root = resolve(folder);
  const graph: ImportGraph = new Map();
  for (const file of typeScriptFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(specifier)) {
      if (options.runtimeOnly && match[2]) continue;
      const target = resolve(dirname(file), (match[3] ?? match[4])!).replace(/\.js$/, '.ts');
      targets.add(relative(root, target));
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** Groups of two or more files that reach one another (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return groups.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Per top folder (`system`, `store`...), the other top folders its files import. */
export function folderImports(graph: ImportGraph): Map<string, string[]> {
  const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : '.');
  const result = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const set = result.get(from) ?? new Set<string>();
    for (const target of targets) if (folderOf(target) !== from) set.add(folderOf(target));
    result.set(from, set);
  }
  return new Map([...result].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

/** One circle through a group, `a.ts -> b.ts -> a.ts`, found by a breadth-first search inside the group. */
export function exampleCycle(graph: ImportGraph, group: string[]): string[] {
  const members = new Set(group);
  const start = group[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return group;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const folder = process.argv.slice(2).find((argument) => !argument.startsWith('--')) ?? 'src';
  const graph = importGraph(folder, { runtimeOnly: process.argv.includes('--runtime') });
  const groups = importCycles(graph);
  if (process.argv.includes('--folders')) {
    for (const [folder, targets] of folderImports(graph))
      process.stdout.write(`${folder} -> ${targets.join(', ') || '(nothing)'}\n`);
  }
  for (const group of groups) process.stdout.write(`${exampleCycle(graph, group).join(' -> ')}\n`);
  process.stdout.write(`${groups.length} import cycle group(s) under ${folder}\n`);
  process.exit(groups.length > 0 ? 1 : 0);
}
