import type { z } from 'zod';
import { quoteValue } from '../errors/quoteValue.js';
import { didYouMean } from './didYouMean.js';
import { inspectSchema, schemaAt } from './inspectSchema.js';
import { isSecretKey } from './redactConfig.js';

/** A zod issue put in a user's words: what was expected, and the whole sentence. */
export interface IssueDescription {
  expected: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Explains a zod issue in the configuration's terms ("expected a positive number, got -5"), using the
 * schema at the issue's path for what a bare issue does not say (integer or not). Secret values are never
 * quoted back.
 *
 * @example
 * ```ts
 * describeIssue(issue, -5, SystemConfigSchema);
 * // { expected: 'a positive number', message: 'expected a positive number, got -5' }
 * ```
 */
export function describeIssue(issue: Issue, value: unknown, root: z.ZodType): IssueDescription {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const last = path[path.length - 1];
  const got = typeof last === 'string' && isSecretKey(last) ? 'a secret value' : show(value);
  const schema = schemaAt(root, path);
  const node = schema ? inspectSchema(schema) : undefined;
  const noun = node?.integer ? 'integer' : 'number';
  const expected = expectedOf(issue, noun);
  // A refinement's message is already a whole sentence about the value ("high 1.2 is below open 1.3").
  if (issue.code === 'custom') return { expected: issue.message, message: issue.message };
  if (value === undefined && issue.code === 'invalid_type') {
    return { expected, message: `missing required value: expected ${expected}` };
  }
  const hint =
    issue.code === 'invalid_value' && typeof value === 'string'
      ? didYouMean(value, issue.values.map(String))
      : undefined;
  return { expected, message: `expected ${expected}, got ${got}${hint ? ` (did you mean "${hint}"?)` : ''}` };
}

function expectedOf(issue: Issue, noun: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return article(issue.expected === 'number' || issue.expected === 'int' ? noun : issue.expected);
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'number' || issue.origin === 'int') {
        if (minimum === 0 && !issue.inclusive) return `a positive ${noun}`;
        if (minimum === 0 && issue.inclusive) return `${article(noun)} ≥ 0`;
        return `${article(noun)} ${issue.inclusive ? '≥' : '>'} ${minimum}`;
      }
      if (issue.origin === 'array') return `at least ${minimum} item${minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return minimum === 1 ? 'a non-empty string' : `at least ${minimum} characters`;
      return `at least ${minimum}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int') {
        return `${article(noun)} ${issue.inclusive ? '≤' : '<'} ${maximum}`;
      }
      if (issue.origin === 'array') return `at most ${maximum} item${maximum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `at most ${maximum} characters`;
      return `at most ${maximum}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return issue.message.replace(/^expected /, '');
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/**
 * The problem text for a key the schema does not know, with a "did you mean" hint against the keys valid
 * at that path.
 *
 * @example
 * ```ts
 * describeUnknownKey('fetch_intervall', ['fetch_interval', 'retry_attempts']);
 * // 'unknown key "fetch_intervall" (did you mean "fetch_interval"?)'
 * ```
 */
export function describeUnknownKey(key: string, validKeys: readonly string[]): IssueDescription {
  const hint = didYouMean(key, validKeys);
  const expected = validKeys.length > 0 ? `one of the keys ${validKeys.join(', ')}` : 'no keys';
  return {
    expected,
    message: hint
      ? `unknown key "${key}" (did you mean "${hint}"?)`
      : `unknown key "${key}"; valid keys here: ${validKeys.join(', ')}`,
  };
}

function article(word: string): string {
  if (word === 'undefined') return 'a value';
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string' && value.length > 80) return quoteValue(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Too deeply nested to print (or cyclic): say what it is instead.
    return Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object';
  }
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
