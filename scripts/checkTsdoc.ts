/**
 * TSDoc audit: every symbol exported from the public entry points (`src/index.ts`, `src/testing.ts`) must
 * have a TSDoc comment with an `@example` block on its declaration. Uses the TypeScript compiler API, so
 * re-exports are followed to the declaring file and renamed exports (`RunOptions as OrchestratorRunOptions`)
 * are checked under their public name. `findExampleErrors` then compiles the ```ts code of those examples
 * against the public API, so an example cannot drift from the signatures it shows.
 *
 * @example
 * ```sh
 * node --import tsx scripts/checkTsdoc.ts      # lists what lacks an example or does not compile; exits 1 if any
 * node --import tsx scripts/checkTsdoc.ts --update-baseline   # rewrites scripts/tsdocExampleBaseline.json
 * ```
 */
import { writeFileSync } from 'node:fs';
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

/** One compiler message about the code of a public export's `@example`. */
export interface ExampleError {
  /** The public name whose example it is. */
  name: string;
  /** Declaring file, relative to the repository. */
  file: string;
  /** Line of the example's code in that file (1-based). */
  line: number;
  message: string;
}

/** A ```ts block of an `@example`, with the line of its first code line in the declaring file (0-based). */
interface ExampleBlock {
  name: string;
  file: string;
  firstLine: number;
  code: string;
}

/** Entry points as the examples import them, in the order of `publicEntryPoints`. */
const publicSpecifiers = ['tradestate', 'tradestate/testing'];
const preambleFile = 'scripts/tsdocExamplePreamble.ts';
/** Public examples known not to compile yet (`file name`); the package test lets this list only shrink. */
export const exampleBaselineFile = 'scripts/tsdocExampleBaseline.json';

/**
 * Compiles the ```ts code of every public export's `@example` against the public API, as a user would
 * write it: each block becomes a module that imports every public name it does not declare itself from
 * `tradestate` / `tradestate/testing` (mapped to `src/` by the `paths` of tsconfig.json), with the free
 * variables examples share (`config`, `system`, `bus`, ...) declared in `scripts/tsdocExamplePreamble.ts`.
 * Returns one entry per compiler message, placed at the example's line.
 */
export function findExampleErrors(root = repository): ExampleError[] {
  const entries = publicEntryPoints.map((entry) => path.resolve(root, entry));
  const options = compilerOptionsOf(root);
  const blocks = collectExampleBlocks(ts.createProgram(entries, options), entries, root);
  const publicNames = publicEntryPoints.map((_, index) => exportedNames(entries, index, options));
  const virtualDirectory = path.join(root, '.tsdoc-examples');
  const virtualFiles = new Map<string, { text: string; block: ExampleBlock }>();
  blocks.forEach((block, index) => {
    const fileName = path.join(virtualDirectory, `example${index}.mts`);
    virtualFiles.set(fileName, { text: `${importHeader(block.code, publicNames)}\n${block.code}\n`, block });
  });
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (fileName) => virtualFiles.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) =>
    virtualFiles.get(path.resolve(fileName))?.text ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const virtual = virtualFiles.get(path.resolve(fileName));
    if (virtual) return ts.createSourceFile(fileName, virtual.text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  const program = ts.createProgram([...virtualFiles.keys(), path.join(root, preambleFile)], options, host);
  const errors: ExampleError[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const virtual = diagnostic.file && virtualFiles.get(path.resolve(diagnostic.file.fileName));
    if (virtual === undefined) {
      const where = diagnostic.file
        ? `${path.relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : 'compiler';
      errors.push({ name: '(preamble)', file: where, line: 0, message });
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const { block } = virtual;
    errors.push({
      name: block.name,
      file: block.file,
      line: block.firstLine + Math.max(line - 1, 0) + 1,
      message,
    });
  }
  return errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function compilerOptionsOf(root: string): ts.CompilerOptions {
  const configFile = path.join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile);
  // The generated import line names types and values alike, as a reader's `import { ... }` would.
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    skipLibCheck: true,
    verbatimModuleSyntax: false,
    isolatedModules: false,
  };
}

/** The names (values and types) exported by the entry point at `index`. */
function exportedNames(entries: readonly string[], index: number, options: ts.CompilerOptions): Set<string> {
  const program = ts.createProgram([entries[index] as string], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entries[index] as string);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entries[index]} is not a module`);
  return new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name));
}

/**
 * One `import { ... } from 'tradestate'` line (and one from `tradestate/testing`) naming every public name
 * the example neither imports nor declares at its top level; a name both entry points export comes from the
 * first. Kept to a single line so the example's lines keep their offsets.
 */
function importHeader(code: string, publicNames: readonly Set<string>[]): string {
  const own = topLevelNames(code);
  const taken = new Set(own);
  const imports: string[] = [];
  publicNames.forEach((names, index) => {
    const wanted = [...names].filter((name) => !taken.has(name)).sort();
    for (const name of wanted) taken.add(name);
    if (wanted.length > 0) imports.push(`import { ${wanted.join(', ')} } from '${publicSpecifiers[index]}';`);
  });
  return `${imports.join(' ')} export {};`;
}

/** Names an example binds at its top level: its imports and its declarations. */
function topLevelNames(code: string): Set<string> {
  const source = ts.createSourceFile('example.mts', code, ts.ScriptTarget.ES2022, false);
  const names = new Set<string>();
  const addBinding = (binding: ts.BindingName): void => {
    if (ts.isIdentifier(binding)) names.add(binding.text);
    else
      for (const element of binding.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The ```ts / ```typescript blocks inside the `@example` tags of every public export's declaration. */
function collectExampleBlocks(program: ts.Program, entries: readonly string[], root: string): ExampleBlock[] {
  const checker = program.getTypeChecker();
  const blocks: ExampleBlock[] = [];
  const seenDocs = new Set<ts.JSDoc>();
  for (const file of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        const docs = ts.isSourceFile(declaration) ? [] : docsOf(declaration);
        for (const doc of docs) {
          if (seenDocs.has(doc)) continue;
          seenDocs.add(doc);
          for (const tag of doc.tags ?? []) {
            if (tag.tagName.text !== 'example') continue;
            blocks.push(...fencedTypeScript(exported.name, tag, root));
          }
        }
      }
    }
  }
  return blocks;
}

/** Splits an `@example` tag's raw text into its ```ts blocks, stripping the ` * ` margin of each line. */
function fencedTypeScript(name: string, tag: ts.JSDocTag, root: string): ExampleBlock[] {
  const source = tag.getSourceFile();
  const startLine = source.getLineAndCharacterOfPosition(tag.getStart()).line;
  const lines = source.text.slice(tag.getStart(), tag.end).split('\n');
  const blocks: ExampleBlock[] = [];
  let open: { firstLine: number; code: string[] } | undefined;
  lines.forEach((raw, offset) => {
    const line = raw.replace(/^\s*\*\/?\s?/, '').replace(/\s*\*\/\s*$/, '');
    const fence = /^\s*```\s*([\w-]*)/.exec(line);
    if (open === undefined) {
      if (fence && (fence[1] === 'ts' || fence[1] === 'typescript')) {
        open = { firstLine: startLine + offset + 1, code: [] };
      } else if (fence) {
        open = { firstLine: -1, code: [] };
      }
      return;
    }
    if (fence) {
      if (open.firstLine >= 0) {
        blocks.push({
          name,
          file: path.relative(root, source.fileName),
          firstLine: open.firstLine,
          code: open.code.join('\n'),
        });
      }
      open = undefined;
      return;
    }
    open.code.push(line);
  });
  return blocks;
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
  const errors = findExampleErrors();
  if (process.argv.includes('--update-baseline')) {
    // After fixing examples (or merging changes to them): rewrite the list the package test compares with.
    const failing = [...new Set(errors.map((error) => `${error.file} ${error.name}`))].sort();
    writeFileSync(path.join(repository, exampleBaselineFile), `${JSON.stringify(failing, null, 2)}\n`);
    console.log(`tsdoc: ${failing.length} example(s) still failing, written to ${exampleBaselineFile}`);
  }
  if (errors.length === 0) {
    console.log('tsdoc: every ```ts @example of the public API compiles');
  } else {
    console.error(`tsdoc: ${errors.length} compiler message(s) in @example code:`);
    for (const error of errors)
      console.error(`  ${error.file}:${error.line} ${error.name}: ${error.message}`);
    process.exitCode = 1;
  }
}
