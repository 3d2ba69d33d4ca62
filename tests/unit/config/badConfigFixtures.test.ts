import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { strategiesConfigCheck } from '../../../src/cli/strategiesConfigCheck.js';
import { ConfigError } from '../../../src/config/configError.js';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { formatConfigError } from '../../../src/config/formatConfigError.js';

const directory = fileURLToPath(new URL('../../fixtures/bad/config/', import.meta.url));
const cases = JSON.parse(readFileSync(`${directory}cases.json`, 'utf8')) as Record<string, string>;
const files = readdirSync(directory).filter((file) => file.endsWith('.yaml'));

function loadError(file: string): ConfigError {
  try {
    // The strategies check is what `tradestate config` adds: built-in types only.
    ConfigLoader.load(`${directory}${file}`, {
      env: {},
      envFile: false,
      checks: [strategiesConfigCheck([])],
    });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

describe('bad config fixtures', () => {
  it('has an expected message in cases.json for every fixture file, and a file for every case', () => {
    expect(Object.keys(cases).sort()).toEqual([...files].sort());
  });

  it.each(files)('rejects %s with its expected message', (file) => {
    const text = formatConfigError(loadError(file));
    expect(text).toContain(cases[file]);
    expect(text).not.toMatch(/^\s+at /m);
  });
});
