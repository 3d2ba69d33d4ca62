import type { z } from 'zod';
import { inspectSchema } from './inspectSchema.js';
import { isSecretKey } from './redactConfig.js';
import { SystemConfigSchema } from './systemConfig.js';

function typeOf(field: z.ZodType): string {
  const node = inspectSchema(field);
  switch (node.kind) {
    case 'enum':
      return (node.values ?? []).map((value) => `\`${value}\``).join(' \\| ');
    case 'number':
      return node.integer ? 'integer' : 'number';
    case 'array':
      return node.element ? `list of ${typeOf(node.element)}` : 'list';
    case 'record':
      return 'map';
    default:
      return node.kind;
  }
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 60 ? '(see config/services.yaml)' : `\`${text}\``;
}

/**
 * The configuration reference as a Markdown table (key, type, default, description, environment variable),
 * generated from the zod schema so that the README cannot drift from the code.
 *
 * @example
 * ```ts
 * console.log(renderConfigReference());
 * ```
 */
export function renderConfigReference(schema: z.ZodType = SystemConfigSchema): string {
  const defaults = (schema as z.ZodType<unknown, unknown>).parse({}) as Record<string, unknown>;
  const rows: string[] = [
    '| Key | Type | Default | Description | Environment variable |',
    '| --- | --- | --- | --- | --- |',
  ];
  const walk = (shape: Record<string, z.ZodType>, values: Record<string, unknown>, path: string[]) => {
    for (const [key, field] of Object.entries(shape)) {
      const node = inspectSchema(field);
      const here = [...path, key];
      const value = values[key];
      if (node.kind === 'object' && node.shape) {
        walk(node.shape, (value ?? {}) as Record<string, unknown>, here);
        continue;
      }
      const description = (node.description ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
      const secret = isSecretKey(key) ? ' Secret: environment or .env only.' : '';
      rows.push(
        `| \`${here.join('.')}\` | ${typeOf(field)} | ${formatDefault(value)} | ${description}${secret} | \`${here.join('_').toUpperCase()}\` |`,
      );
    }
  };
  walk(inspectSchema(schema).shape ?? {}, defaults, []);
  return rows.join('\n');
}
