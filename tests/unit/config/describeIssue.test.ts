import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, describeUnknownKey } from '../../../src/config/describeIssue.js';

/** What `describeIssue` says about `value` in the `field` of an object whose field has `schema`. */
function describe_(schema: z.ZodType, value: unknown) {
  const root = z.object({ field: schema });
  const result = root.safeParse({ field: value });
  if (result.success) throw new Error(`${JSON.stringify(value)} passed`);
  const issue = result.error.issues[0]!;
  return describeIssue(issue, value, root);
}

describe('describeIssue', () => {
  it.each([
    [z.number().positive(), -5, 'expected a positive number, got -5'],
    [z.number().int().nonnegative(), -1, 'expected an integer ≥ 0, got -1'],
    [z.number().min(2), 1, 'expected a number ≥ 2, got 1'],
    [z.number().gt(2), 2, 'expected a number > 2, got 2'],
    [z.number().max(1), 3, 'expected a number ≤ 1, got 3'],
    [z.number().lt(1), 1, 'expected a number < 1, got 1'],
    [z.array(z.string()).min(1), [], 'expected at least 1 item, got []'],
    [z.array(z.string()).min(2), ['a'], 'expected at least 2 items, got ["a"]'],
    [z.array(z.string()).max(1), ['a', 'b'], 'expected at most 1 item, got ["a","b"]'],
    [z.array(z.string()).max(2), ['a', 'b', 'c'], 'expected at most 2 items, got ["a","b","c"]'],
    [z.string().min(1), '', 'expected a non-empty string, got ""'],
    [z.string().min(3), 'ab', 'expected at least 3 characters, got "ab"'],
    [z.string().max(2), 'abc', 'expected at most 2 characters, got "abc"'],
    [z.number().multipleOf(5), 7, 'expected a multiple of 5, got 7'],
    [z.number().int(), 'x', 'expected an integer, got "x"'],
    [z.object({}), 3, 'expected an object, got 3'],
  ])('puts the issue of %s in words', (schema, value, message) => {
    expect(describe_(schema, value).message).toBe(message);
  });

  it('says a required value is missing rather than "got nothing"', () => {
    expect(describe_(z.number(), undefined)).toEqual({
      expected: 'a number',
      message: 'missing required value: expected a number',
    });
  });

  it('suggests the closest allowed value for a misspelt enum', () => {
    expect(describe_(z.enum(['permanent', 'transient']), 'permanet').message).toBe(
      'expected one of "permanent", "transient", got "permanet" (did you mean "permanent"?)',
    );
  });

  it("takes a refinement's own sentence as it is", () => {
    const schema = z.number().refine((value) => value < 10, 'high 12 is above 10');
    expect(describe_(schema, 12)).toEqual({
      expected: 'high 12 is above 10',
      message: 'high 12 is above 10',
    });
  });

  it('says what a format expects', () => {
    expect(describe_(z.string().regex(/^\d+$/, 'expected digits only'), 'x1').message).toBe(
      'expected digits only, got "x1"',
    );
  });

  it('never quotes a secret back', () => {
    const root = z.object({ api_key: z.string().min(10) });
    const result = root.safeParse({ api_key: 'hunter2' });
    const issue = result.error!.issues[0]!;
    expect(describeIssue(issue, 'hunter2', root).message).toBe(
      'expected at least 10 characters, got a secret value',
    );
  });

  it('shortens long values and names values it cannot print', () => {
    expect(describe_(z.number(), 'x'.repeat(100)).message).toBe(
      `expected a number, got "${'x'.repeat(40)}…" (100 characters)`,
    );
    expect(
      describe_(
        z.string(),
        Array.from({ length: 40 }, (_, index) => index),
      ).message,
    ).toMatch(/got \[0,1,2,.*\.\.\.$/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describe_(z.string(), cyclic).message).toBe('expected a string, got a deeply nested object');
    const cyclicArray: unknown[] = [];
    cyclicArray.push(cyclicArray);
    expect(describe_(z.string(), cyclicArray).message).toBe('expected a string, got a deeply nested array');
    expect(describe_(z.string(), () => 1).message).toMatch(/^expected a string, got \(\) => 1$/);
  });
});

describe('describeUnknownKey', () => {
  it('suggests the closest valid key', () => {
    expect(describeUnknownKey('fetch_intervall', ['fetch_interval', 'retry_attempts'])).toEqual({
      expected: 'one of the keys fetch_interval, retry_attempts',
      message: 'unknown key "fetch_intervall" (did you mean "fetch_interval"?)',
    });
  });

  it('lists the valid keys when none is close, and says when there are none', () => {
    expect(describeUnknownKey('zzz', ['enabled']).message).toBe(
      'unknown key "zzz"; valid keys here: enabled',
    );
    expect(describeUnknownKey('zzz', []).expected).toBe('no keys');
  });
});
