import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConfigLoader } from '../../../src/config/configLoader.js';
import { inspectSchema } from '../../../src/config/inspectSchema.js';
import { renderConfigYaml, servicesYamlUrl } from '../../../src/config/renderConfigYaml.js';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';

const servicesYamlPath = fileURLToPath(servicesYamlUrl);
const committed = readFileSync(servicesYamlPath, 'utf8');

/** Every key path through nested objects (not into arrays or records). */
function schemaKeys(schema: z.ZodType, prefix = ''): string[] {
  const shape = inspectSchema(schema).shape ?? {};
  return Object.entries(shape).flatMap(([key, field]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return inspectSchema(field).kind === 'object' ? [path, ...schemaKeys(field, path)] : [path];
  });
}

function yamlKeys(value: unknown, schema: z.ZodType, prefix = ''): string[] {
  const shape = inspectSchema(schema).shape ?? {};
  return Object.entries((value ?? {}) as Record<string, unknown>).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const field = shape[key];
    return field && inspectSchema(field).kind === 'object' ? [path, ...yamlKeys(inner, field, path)] : [path];
  });
}

describe('config/services.yaml', () => {
  it('is exactly what renderConfigYaml() produces (re-run: node --import tsx src/config/renderConfigYaml.ts)', () => {
    expect(committed).toBe(renderConfigYaml());
  });

  it('holds the same set of keys as the schema', () => {
    expect(yamlKeys(parse(committed), SystemConfigSchema).sort()).toEqual(
      schemaKeys(SystemConfigSchema).sort(),
    );
  });

  it('loads unchanged to the schema defaults', () => {
    const config = ConfigLoader.load(servicesYamlPath, { env: {}, envFile: false });
    expect(config).toEqual(SystemConfigSchema.parse({}));
  });

  it('gives every key a one-line comment from a schema description', () => {
    const body = committed.slice(committed.indexOf('\n\n'));
    const commentLines = body.split('\n').filter((line) => /^\s*# \S/.test(line));
    expect(commentLines).toHaveLength(schemaKeys(SystemConfigSchema).length);
    for (const key of schemaKeys(SystemConfigSchema)) {
      const leaf = key.split('.').reduce<z.ZodType | undefined>((schema, part) => {
        return schema ? inspectSchema(schema).shape?.[part] : undefined;
      }, SystemConfigSchema);
      expect(leaf && inspectSchema(leaf).description, `description of ${key}`).toBeTruthy();
    }
  });
});
