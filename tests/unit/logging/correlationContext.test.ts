import { AsyncResource } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { CorrelationContext } from '../../../src/logging/correlationContext.js';

describe('CorrelationContext', () => {
  it('has no id outside any scope, before and after one', () => {
    expect(CorrelationContext.current()).toBeUndefined();
    CorrelationContext.runWith('a1', () => CorrelationContext.current(), undefined, undefined);
    expect(CorrelationContext.current()).toBeUndefined();
  });

  it('gives the innermost scope inside nested scopes and the outer one again after the inner returns', () => {
    const seen: Array<string | undefined> = [];
    CorrelationContext.run(() => {
      seen.push(CorrelationContext.current());
      CorrelationContext.run(() => seen.push(CorrelationContext.current()), 'inner');
      seen.push(CorrelationContext.current());
    }, 'outer');
    expect(seen).toEqual(['outer', 'inner', 'outer']);
  });

  it('restores the outer scope when the inner work throws', () => {
    let after: string | undefined;
    CorrelationContext.run(() => {
      expect(() =>
        CorrelationContext.run(() => {
          throw new Error('boom');
        }, 'inner'),
      ).toThrow('boom');
      after = CorrelationContext.current();
    }, 'outer');
    expect(after).toBe('outer');
  });

  it('keeps the scope of an await that resumes after its scope returned and another scope is on the stack', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const resumed = CorrelationContext.run(async () => {
      await gate;
      return CorrelationContext.current();
    }, 'first');
    const during = CorrelationContext.run(() => {
      release();
      return CorrelationContext.current();
    }, 'second');
    expect(during).toBe('second');
    expect(await resumed).toBe('first');
  });

  it('gives the scope an async resource captured, when its callback runs inside another scope', () => {
    const bound = CorrelationContext.run(
      () => AsyncResource.bind(() => CorrelationContext.current()),
      'captured',
    );
    const inside = CorrelationContext.run(() => bound(), 'other');
    expect(inside).toBe('captured');
  });
});
