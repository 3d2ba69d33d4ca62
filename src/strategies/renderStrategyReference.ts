import type { StrategyDefinition } from './defineStrategy.js';
import { describeStrategyParameters } from './strategyParameters.js';
import { StrategyRegistry } from './strategyRegistry.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The strategy types as Markdown (README's strategy reference): per type its description and a table of
 * its parameters (type, default, bounds, description), generated from the zod schemas.
 *
 * @example
 * ```ts
 * const markdown = renderStrategyReference(); // the built-in types
 * ```
 */
export function renderStrategyReference(
  definitions: readonly StrategyDefinition<unknown>[] = StrategyRegistry.withBuiltins().list(),
): string {
  return definitions
    .map((definition) => {
      const rows = describeStrategyParameters(definition).map((parameter) => {
        const fallback = parameter.required ? 'required' : '—';
        const value = 'default' in parameter ? `\`${JSON.stringify(parameter.default)}\`` : fallback;
        const type = parameter.type.includes('"') ? parameter.type.replace(/"/g, '`') : parameter.type;
        return `| \`${parameter.name}\` | ${cell(type)} | ${value} | ${cell(parameter.constraints || '—')} | ${cell(parameter.description)} |`;
      });
      return [
        `**\`${definition.type}\`**: ${definition.description}.`,
        '',
        '| Parameter | Type | Default | Bounds | Description |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}
