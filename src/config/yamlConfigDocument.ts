import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ConfigProblem, ConfigSource } from './configError.js';
import { unsafeYamlProblems } from './unsafeYamlProblems.js';

/**
 * A parsed YAML configuration file that remembers where each value was written, so that a problem found
 * later (by the schema) can name the file, line and column. Keys whose value is null (`key:` with nothing
 * after it, or `~`) count as unset: the schema's default applies.
 *
 * @example
 * ```ts
 * const document = YamlConfigDocument.parse('trading:\n  symbol: 5\n', 'services.yaml');
 * document.data; // { trading: { symbol: 5 } }
 * document.locate(['trading', 'symbol']); // { kind: 'file', file: 'services.yaml', line: 2, column: 11 }
 * ```
 */
export class YamlConfigDocument {
  private constructor(
    readonly file: string,
    /** The file's values with null-valued keys removed; {} for an empty file or one with syntax errors. */
    readonly data: Record<string, unknown>,
    /** YAML syntax errors, and a top level that is not a mapping. */
    readonly problems: ConfigProblem[],
    private readonly root: Node | null,
    private readonly lineCounter: LineCounter,
  ) {}

  static parse(text: string, file: string): YamlConfigDocument {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const problems: ConfigProblem[] = document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        path: '',
        value: undefined,
        expected: 'valid YAML',
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        source: { kind: 'file', file, line: position.line, column: position.col },
      };
    });
    if (problems.length === 0) problems.push(...unsafeYamlProblems(document, file, lineCounter));
    let data: Record<string, unknown> = {};
    if (problems.length === 0) {
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: 100 });
      } catch (error) {
        // yaml refuses aliases that expand beyond maxAliasCount (a "billion laughs" file).
        problems.push({
          path: '',
          value: undefined,
          expected: 'a file without alias expansion beyond 100 nodes',
          message: `YAML aliases expand too far (${error instanceof Error ? error.message : String(error)}); write the values out instead of nesting aliases`,
          source: { kind: 'file', file, line: 1, column: 1 },
        });
        return new YamlConfigDocument(file, {}, problems, null, lineCounter);
      }
      if (value !== null && value !== undefined) {
        if (typeof value === 'object' && !Array.isArray(value)) {
          data = withoutNulls(value) as Record<string, unknown>;
        } else {
          problems.push({
            path: '',
            value,
            expected: 'a mapping of sections (services:, trading:, ...)',
            message: `expected a mapping of sections (services:, trading:, ...) at the top level, got ${JSON.stringify(value)}`,
            source: { kind: 'file', file, line: 1, column: 1 },
          });
        }
      }
    }
    const root = problems.length === 0 ? (document.contents as Node | null) : null;
    return new YamlConfigDocument(file, data, problems, root, lineCounter);
  }

  /** True when the file gives a value at `path`. */
  has(path: readonly (string | number)[]): boolean {
    let current: unknown = this.data;
    for (const segment of path) {
      if (current === null || typeof current !== 'object') return false;
      if (!(String(segment) in current)) return false;
      current = (current as Record<string, unknown>)[String(segment)];
    }
    return true;
  }

  /**
   * Where the value at `path` was written (its key with `{ key: true }`); for a path that is only partly
   * in the file, the deepest part that is.
   */
  locate(path: readonly (string | number)[], options: { key?: boolean } = {}): ConfigSource {
    let node: Node | null = this.root;
    let keyNode: Node | null = null;
    for (const segment of path) {
      let next: Node | null = null;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair) {
          keyNode = pair.key as Node;
          next = (pair.value as Node | null) ?? keyNode;
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = (node.items[segment] as Node | undefined) ?? null;
        keyNode = next;
      }
      if (!next) break;
      node = next;
    }
    const target = options.key && keyNode ? keyNode : node;
    const offset = target?.range?.[0] ?? 0;
    const position = this.lineCounter.linePos(offset);
    return { kind: 'file', file: this.file, line: position.line, column: position.col };
  }
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && inner !== undefined) result[key] = withoutNulls(inner);
  }
  return result;
}
