import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node, visit } from 'yaml';
import type { ConfigProblem } from './configError.js';
import { forbiddenKeys } from './forbiddenKeys.js';

/** Tags a configuration may spell out; anything else (`!!js/function`, `!custom`) is code or a typo. */
const plainTags = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * What a configuration file must not contain although it is valid YAML: keys that reach an object's
 * prototype (`__proto__`, `constructor`, `prototype`), tags other than YAML's plain types
 * (`!!js/function`), and numbers that are not decimal (`0x10`, `0o17`, `.inf`, `.nan`). Each becomes a
 * problem at its line, found on the syntax tree before anything is converted.
 *
 * @example
 * ```ts
 * const document = parseDocument('trading:\n  max_candles: 0x10\n', { lineCounter });
 * unsafeYamlProblems(document, 'services.yaml', lineCounter);
 * // [{ path: 'trading.max_candles', message: 'expected a decimal number, got 0x10 (...)', source: { line: 2, ... } }]
 * ```
 */
export function unsafeYamlProblems(
  document: Document,
  file: string,
  lineCounter: LineCounter,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (node: Node, path: readonly unknown[], expected: string, message: string, value: unknown) => {
    const position = lineCounter.linePos(node.range?.[0] ?? 0);
    problems.push({
      path: keyPath(path),
      value,
      expected,
      message,
      source: { kind: 'file', file, line: position.line, column: position.col },
    });
  };
  visit(document, {
    Pair(_, pair, path) {
      if (isScalar(pair.key) && forbiddenKeys.has(String(pair.key.value))) {
        add(
          pair.key,
          [...path, pair],
          'a configuration key',
          `key "${String(pair.key.value)}" is not allowed in a configuration`,
          String(pair.key.value),
        );
        return visit.SKIP;
      }
      return undefined;
    },
    Node(_, node, path) {
      if (
        (isScalar(node) || isMap(node) || isSeq(node)) &&
        node.tag !== undefined &&
        !plainTags.has(node.tag)
      ) {
        const tag = node.tag.replace('tag:yaml.org,2002:', '!!');
        add(
          node,
          path,
          'a plain value',
          `tag ${tag} is not allowed: a configuration holds plain values only`,
          tag,
        );
        return visit.SKIP;
      }
      if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
        add(
          node,
          path,
          'a finite decimal number',
          `expected a finite number, got ${node.source}`,
          node.source,
        );
      } else if (
        isScalar(node) &&
        typeof node.value === 'number' &&
        /^[-+]?0[xob]/i.test(String(node.source))
      ) {
        add(
          node,
          path,
          'a decimal number',
          `expected a decimal number, got ${node.source} (hexadecimal, octal and binary are not accepted)`,
          node.source,
        );
      }
      return undefined;
    },
  });
  return problems;
}

/** The dotted path of a node from the ancestors `visit` passes (pairs give their key, sequences an index). */
function keyPath(ancestors: readonly unknown[]): string {
  const segments: string[] = [];
  for (const [index, ancestor] of ancestors.entries()) {
    const next = ancestors[index + 1];
    if (isSeq(ancestor) && next !== undefined) segments.push(String(ancestor.items.indexOf(next as never)));
    else if (ancestor !== null && typeof ancestor === 'object' && 'key' in ancestor && isScalar(ancestor.key))
      segments.push(String(ancestor.key.value));
  }
  return segments.join('.');
}
