import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { inspectSchema } from './inspectSchema.js';
import { isSecretKey } from './redactConfig.js';
import { SystemConfigSchema } from './systemConfig.js';

const header = [
  '# tradestate configuration: every key, at its default, with what it does.',
  '# Generated from src/config/systemConfig.ts by `node --import tsx src/config/renderConfigYaml.ts`;',
  '# change the schema and re-run it rather than editing this file (a test checks that they agree).',
  '# Priority: environment variables > .env > this file > defaults. A variable is the key path upper-cased',
  '# and joined by "_": TRADING_SYMBOL=GBPUSD, SERVICES_DATA_FETCHING_FETCH_INTERVAL=10, LOGGING_LEVEL=DEBUG.',
  '# A key left empty is unset (its default applies). Secrets (api_key, api_secret, tokens, passwords) are',
  '# refused here: set them in the environment or .env.',
];

/**
 * Renders the configuration schema as a commented YAML file: every key, at its default, under a one-line
 * comment taken from its `.describe()`. `config/services.yaml` is this function's output; run this file
 * with tsx to rewrite it (`--check` only compares, exiting 1 on a difference).
 *
 * @example
 * ```ts
 * const text = renderConfigYaml();
 * // # tradestate configuration ...
 * // # The four pipeline services
 * // services:
 * //   # DataFetchingService: fetches bars and detects new candles
 * //   data_fetching:
 * //     ...
 * ```
 */
export function renderConfigYaml(schema: z.ZodType = SystemConfigSchema): string {
  const defaults = (schema as z.ZodType<unknown, unknown>).parse({}) as Record<string, unknown>;
  const shape = inspectSchema(schema).shape ?? {};
  const sections = Object.entries(shape).map(([key, field]) =>
    renderField(key, field, defaults[key], 0, [key]).join('\n'),
  );
  return `${header.join('\n')}\n\n${sections.join('\n\n')}\n`;
}

function renderField(key: string, field: z.ZodType, value: unknown, depth: number, path: string[]): string[] {
  const indent = '  '.repeat(depth);
  const node = inspectSchema(field);
  let comment = node.description ?? '';
  if (isSecretKey(key))
    comment = `${comment}; set ${path.join('_').toUpperCase()} in the environment or .env`;
  else if (value === undefined) comment = `${comment} (optional)`;
  const lines = [`${indent}# ${comment.replace(/\s+/g, ' ').trim()}`];
  if (node.kind === 'object' && node.shape) {
    lines.push(`${indent}${key}:`);
    const object = (value ?? {}) as Record<string, unknown>;
    for (const [innerKey, innerField] of Object.entries(node.shape)) {
      lines.push(...renderField(innerKey, innerField, object[innerKey], depth + 1, [...path, innerKey]));
    }
    return lines;
  }
  lines.push(...renderValue(key, value, indent));
  return lines;
}

function renderValue(key: string, value: unknown, indent: string): string[] {
  if (value === undefined) return [`${indent}${key}:`];
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    // JSON is valid YAML flow style and keeps a short list on its key's line.
    return [`${indent}${key}: [${value.map((item) => JSON.stringify(item)).join(', ')}]`];
  }
  const isEmpty =
    value !== null && typeof value === 'object' && Object.keys(value as Record<string, unknown>).length === 0;
  if (isEmpty || value === null || typeof value !== 'object') {
    return [`${indent}${key}: ${stringify(value, { lineWidth: 0 }).trimEnd()}`];
  }
  const block = stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return [`${indent}${key}:`, ...block.map((line) => `${indent}  ${line}`)];
}

/** `config/services.yaml` of this package. */
export const servicesYamlUrl = new URL('../../config/services.yaml', import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = renderConfigYaml();
  const target = fileURLToPath(servicesYamlUrl);
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      process.stderr.write(
        `${target} differs from the schema; run: node --import tsx src/config/renderConfigYaml.ts\n`,
      );
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}
