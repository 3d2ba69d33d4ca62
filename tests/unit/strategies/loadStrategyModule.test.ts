import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors/usageError.js';
import { loadStrategyModule } from '../../../src/strategies/loadStrategyModule.js';

const modules = fileURLToPath(new URL('../../fixtures/strategies/modules', import.meta.url));
const load = (file: string) => loadStrategyModule(file, modules);

async function loadError(file: string): Promise<UsageError> {
  const error = await load(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('loadStrategyModule', () => {
  it('collects definitions from named exports and arrays once each, ignoring other exports', async () => {
    const definitions = await load('listed.mjs');
    expect(definitions.map((definition) => definition.type)).toEqual(['first', 'second']);
  });

  it('accepts a default export, resolving the file against the given directory', async () => {
    const definitions = await loadStrategyModule('./modules/defaultExport.mjs', join(modules, '..'));
    expect(definitions.map((definition) => definition.type)).toEqual(['by_default']);
  });

  it('names the array entry that is not a complete definition', async () => {
    expect((await loadError('brokenInArray.mjs')).message).toBe(
      '--strategies brokenInArray.mjs: export "pack"[1] is not a strategy definition: its "type" is not a non-empty string',
    );
  });

  it('asks for a zod schema when parameters is a plain object', async () => {
    expect((await loadError('plainParameters.mjs')).message).toBe(
      '--strategies plainParameters.mjs: export "loose" is not a strategy definition: "parameters" of type "loose" is not a zod schema (use z.strictObject({...}))',
    );
  });

  it('says to export defineStrategy(...) when the module exports no definition', async () => {
    expect((await loadError('nothingToLoad.mjs')).message).toMatch(
      /^--strategies nothingToLoad\.mjs: the module exports no strategy definition \(export the result of defineStrategy/,
    );
  });

  it('refuses a missing file before importing anything', async () => {
    expect((await loadError('missing.mjs')).message).toBe(
      `--strategies missing.mjs: file not found: ${join(modules, 'missing.mjs')}`,
    );
  });

  it.each([
    ['none', 'null, not an object with evaluate(rows)'],
    ['noEvaluate', 'an object without an evaluate(rows) function'],
    ['badColumns', 'an object whose requiredIndicators is not an array of column names'],
    ['noColumns', 'an object whose requiredIndicators is not an array of column names'],
    ['number', 'number, not an object with evaluate(rows)'],
  ])('reports a factory that returns %s as what it returned', async (choice, problem) => {
    const [shaped] = await load('badShapes.mjs');
    expect(() => shaped!.create(choice)).toThrow(
      new UsageError(`--strategies badShapes.mjs: the factory of type "shaped" returned ${problem}`),
    );
  });

  it('hands back the strategy a factory returns when it has evaluate and column names', async () => {
    const [shaped] = await load('badShapes.mjs');
    expect(shaped!.create('usable').requiredIndicators).toEqual(['close']);
  });

  it('names the export whose create is not a function', async () => {
    expect((await loadError('createNotFunction.mjs')).message).toBe(
      '--strategies createNotFunction.mjs: export "fixed" is not a strategy definition: "create" of type "fixed" is not a function',
    );
  });

  it.each([
    ['throwsOnImport.mjs', 'strategy module failed to start'],
    ['throwsText.mjs', 'not ready'],
  ])(
    'reports a module that throws while loading (%s) with the first line of what it threw',
    async (file, reason) => {
      expect((await loadError(file)).message).toBe(`--strategies ${file}: cannot load the module: ${reason}`);
    },
  );
});
