/**
 * TSDoc audit: every symbol exported from the public entry points (`src/index.ts`, `src/testing.ts`) must
 * have a TSDoc comment with an `@example` block on its declaration. Uses the TypeScript compiler API, so
 * re-exports are followed to the declaring file and renamed exports (`RunOptions as OrchestratorRunOptions`)
 * are checked under their public name.
 *
 * @example
 * ```sh
 * node --import tsx scripts/checkTsdoc.ts      # lists what lacks an example, exits 1 if anything does
 * ```
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One public export and what its documentation lacks. */
export interface TsdocGap {
  /** The public name. */
  name: string;
  /** Declaring file, relative to the repository. */
  file: string;
  line: number;
  missing: 'comment' | 'example';
}

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The public entry points, relative to the repository. */
export const publicEntryPoints = ['src/index.ts', 'src/testing.ts'];

/** Lists every export of `entryPoints` whose declaration has no TSDoc comment or no `@example` in it. */
export function findTsdocGaps(
  entryPoints: readonly string[] = publicEntryPoints,
  root = repository,
): TsdocGap[] {
  const files = entryPoints.map((entry) => path.resolve(root, entry));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: false,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const gaps: TsdocGap[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = (symbol.declarations ?? []).filter((declaration) => !ts.isSourceFile(declaration));
      const first = declarations[0];
      if (first === undefined) continue;
      const key = `${exported.name}@${first.getSourceFile().fileName}:${first.pos}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const documented = declarations.filter((declaration) => docsOf(declaration).length > 0);
      const withExample = documented.some((declaration) => hasExample(declaration));
      if (withExample) continue;
      const where = first.getSourceFile();
      gaps.push({
        name: exported.name,
        file: path.relative(root, where.fileName),
        line: where.getLineAndCharacterOfPosition(first.getStart()).line + 1,
        missing: documented.length === 0 ? 'comment' : 'example',
      });
    }
  }
  return gaps.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The `/** ... *\/` blocks attached to a declaration (a `const`'s live on its statement). */
function docsOf(declaration: ts.Declaration): readonly ts.JSDoc[] {
  const host = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  return (host as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
}

function hasExample(declaration: ts.Declaration): boolean {
  return docsOf(declaration).some((doc) => (doc.tags ?? []).some((tag) => tag.tagName.text === 'example'));
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const gaps = findTsdocGaps();
  if (gaps.length === 0) {
    console.log(`tsdoc: every export of ${publicEntryPoints.join(', ')} has an @example`);
  } else {
    console.error(`tsdoc: ${gaps.length} public export(s) without an @example:`);
    for (const gap of gaps) console.error(`  ${gap.file}:${gap.line} ${gap.name} (no ${gap.missing})`);
    process.exitCode = 1;
  }
}
