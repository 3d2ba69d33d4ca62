/**
 * Fails when a public declaration refers to a type a consumer cannot name.
 *
 * Reads the shipped declarations (`dist/index.d.ts`, `dist/testing.d.ts`, built by `npm run build`) with the
 * TypeScript compiler API. For every symbol the entry points export, it walks the declaration's syntax
 * (signatures, members, heritage clauses, type arguments, `import("...")` types that tsc emits for inferred
 * types) and resolves every type reference to its declaration. A reference whose declaration lives in the
 * package's own `.d.ts` files but is exported by neither entry point is reported, with the path that leads to
 * it (`TradingSystem.durable -> DurableRun`). Third-party types (xstate, pino, zod, node) and type parameters
 * are fine. `typeof someValue` does not require the value to be exported (the type stays reachable by indexed
 * access), but the named types in that value's declaration are checked. Private and protected members are
 * skipped (tsc emits private ones without types), and so is anything marked `@internal`, which the build
 * strips from the declarations (`--stripInternal`).
 *
 * Why this and not only "the consumer compiles": a consumer compiles happily against a signature that
 * mentions an unexported type; it just cannot write that type down. Only walking the declarations finds it.
 *
 * @example
 * ```sh
 * npm run build && node --import tsx scripts/checkPublicTypes.ts          # dist/ of this repo
 * node --import tsx scripts/checkPublicTypes.ts node_modules/tradestate/dist  # an installed package
 * ```
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One public declaration that names an unexported type. */
export interface PublicTypeProblem {
  /** Exported symbol → member → … → the unexported type. */
  trail: string;
  /** The unexported type's name and file (relative to the declarations directory). */
  type: string;
  file: string;
  /**
   * `error`: an exported-in-its-file type the entry points do not re-export (add it to `src/index.ts`).
   * `warning`: a type alias local to its file (`type X = ...` without `export`): a consumer cannot import the
   * name but can spell the structure; reported so its owner exports it, not failed on.
   */
  severity: 'error' | 'warning';
}

/** Entry points checked, relative to the declarations directory. */
export const entryPoints = ['index.d.ts', 'testing.d.ts'];

/** Walks the exports of `entryPoints` under `declarationsDirectory` and lists every unexported type reached. */
export function checkPublicTypes(declarationsDirectory: string): PublicTypeProblem[] {
  const root = path.resolve(declarationsDirectory);
  const entries = entryPoints.map((entry) => path.join(root, entry));
  for (const entry of entries) {
    if (!existsSync(entry)) throw new Error(`${entry} not found: run \`npm run build\` first`);
  }
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const isOwn = (fileName: string) =>
    path.resolve(fileName).startsWith(root + path.sep) &&
    !fileName.includes(`${path.sep}node_modules${path.sep}`);

  const exported = new Set<ts.Symbol>();
  const roots: Array<{ name: string; symbol: ts.Symbol }> = [];
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry} is not a module`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = resolveAlias(checker, symbol);
      exported.add(target);
      roots.push({ name: symbol.name, symbol: target });
    }
  }

  const problems: PublicTypeProblem[] = [];
  const reported = new Set<ts.Symbol>();
  const visited = new Set<ts.Symbol>();

  const visitSymbol = (symbol: ts.Symbol, trail: string): void => {
    if (visited.has(symbol)) return;
    visited.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      if (!isOwn(declaration.getSourceFile().fileName)) continue;
      visitNode(declaration, trail);
    }
  };

  const reference = (nameNode: ts.Node, trail: string, valueQuery = false): void => {
    const found = checker.getSymbolAtLocation(nameNode);
    if (!found) return;
    const symbol = resolveAlias(checker, found);
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return;
    const declarations = symbol.declarations ?? [];
    const own = declarations.filter((declaration) => isOwn(declaration.getSourceFile().fileName));
    if (own.length === 0) return;
    if (valueQuery) {
      // `typeof value`: the value need not be exported (its type is reachable by indexed access, e.g.
      // `TradingOrchestrator['actor']`), but the named types in its declaration must be.
      if (!exported.has(symbol)) visitSymbol(symbol, `${trail} -> typeof ${symbol.name}`);
      return;
    }
    if (!exported.has(symbol) && !exported.has(containerOf(symbol) ?? symbol)) {
      if (!reported.has(symbol)) {
        reported.add(symbol);
        const declaration = own[0]!;
        const file = path.relative(root, declaration.getSourceFile().fileName);
        const local = ts.isTypeAliasDeclaration(declaration) && !isExportedFromItsFile(declaration);
        const severity = local ? 'warning' : 'error';
        problems.push({ trail: `${trail} -> ${symbol.name}`, type: symbol.name, file, severity });
      }
      // Keep walking: what the unexported type mentions is reachable too.
      visitSymbol(symbol, `${trail} -> ${symbol.name}`);
    }
  };

  const visitNode = (node: ts.Node, trail: string): void => {
    if (isPrivate(node)) return;
    const here = memberTrail(node, trail);
    if (ts.isTypeReferenceNode(node)) reference(node.typeName, here);
    else if (ts.isExpressionWithTypeArguments(node)) reference(node.expression, here);
    else if (ts.isTypeQueryNode(node)) reference(node.exprName, here, true);
    else if (ts.isImportTypeNode(node) && node.qualifier) reference(node.qualifier, here, node.isTypeOf);
    // A type alias, interface or class body: inspect everything below; function bodies do not exist in d.ts.
    ts.forEachChild(node, (child) => visitNode(child, here));
  };

  for (const { name, symbol } of roots) visitSymbol(symbol, name);
  return problems;
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** For `Namespace.Member` references: the namespace being exported is enough. */
function containerOf(symbol: ts.Symbol): ts.Symbol | undefined {
  return (symbol as { parent?: ts.Symbol }).parent;
}

function isExportedFromItsFile(declaration: ts.Declaration): boolean {
  const modifiers = ts.canHaveModifiers(declaration) ? (ts.getModifiers(declaration) ?? []) : [];
  if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return true;
  // tsc also emits `type X = ...; export { X }` for some declarations.
  const name = (declaration as ts.NamedDeclaration).name;
  const file = declaration.getSourceFile();
  return (
    name !== undefined &&
    ts.isIdentifier(name) &&
    file.statements.some(
      (statement) =>
        ts.isExportDeclaration(statement) &&
        !statement.moduleSpecifier &&
        statement.exportClause !== undefined &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some(
          (element) => (element.propertyName ?? element.name).text === name.text,
        ),
    )
  );
}

function isPrivate(node: ts.Node): boolean {
  if (ts.isPrivateIdentifier((node as { name?: ts.Node }).name ?? node)) return true;
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some(
      (modifier) =>
        modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword,
    )
  );
}

/** Extends the trail with a member's name so a report says where the reference sits. */
function memberTrail(node: ts.Node, trail: string): string {
  const isMember =
    ts.isPropertySignature(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isMethodSignature(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node);
  if (isMember && node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
    return `${trail}.${node.name.text}`;
  }
  if (ts.isConstructorDeclaration(node)) return `${trail}.constructor`;
  return trail;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const directory = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const missing = entryPoints.map((entry) => path.join(directory, entry)).find((entry) => !existsSync(entry));
  if (missing !== undefined) {
    console.error(`public types: ${missing} not found: run \`npm run build\` first`);
    process.exit(2);
  }
  const problems = checkPublicTypes(directory);
  const errors = problems.filter((problem) => problem.severity === 'error');
  for (const problem of problems.filter((each) => each.severity === 'warning')) {
    console.warn(
      `public types: warning: ${problem.type} (${problem.file}) is a file-local alias, via ${problem.trail}`,
    );
  }
  if (errors.length === 0) {
    console.log(`public types: every named type reachable from ${entryPoints.join(', ')} is exported`);
  } else {
    console.error(`public types: ${errors.length} unexported type(s) reachable from the public API:`);
    for (const problem of errors) console.error(`  ${problem.type} (${problem.file}) via ${problem.trail}`);
    process.exitCode = 1;
  }
}
