/**
 * Regenerates the generated parts of README.md (configuration and strategy reference, state machine diagrams) between
 * their markers. `--check` exits 1 when README.md is out of date instead of writing it.
 *
 *   node --import tsx scripts/renderReadme.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigReference } from '../src/config/renderConfigReference.js';
import { lifecycleMachine } from '../src/machines/lifecycleMachine.js';
import { machineToMermaid } from '../src/machines/machineToMermaid.js';
import { orchestratorMachine } from '../src/machines/orchestratorMachine.js';
import { renderStrategyReference } from '../src/strategies/renderStrategyReference.js';

export const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

export const generatedSections: Record<string, () => string> = {
  'config-reference': () => renderConfigReference(),
  'strategy-reference': () => renderStrategyReference(),
  'lifecycle-diagram': () => `\`\`\`mermaid\n${machineToMermaid(lifecycleMachine).trimEnd()}\n\`\`\``,
  'orchestrator-diagram': () => `\`\`\`mermaid\n${machineToMermaid(orchestratorMachine).trimEnd()}\n\`\`\``,
  'model-test-example': () =>
    `\`\`\`ts\n${readFileSync(new URL('../examples/modelTestOwnService.ts', import.meta.url), 'utf8').trimEnd()}\n\`\`\``,
};

/** README text with every generated section replaced by its current rendering. */
export function renderReadme(text: string): string {
  let result = text;
  for (const [name, render] of Object.entries(generatedSections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
  }
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(readmePath, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md is out of date: run `npm run docs`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(readmePath, next);
  }
}
