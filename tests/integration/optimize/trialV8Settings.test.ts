import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trialV8Flags } from '../../../src/optimize/trialV8Settings.js';

const root = join(import.meta.dirname, '../../..');
const settings = pathToFileURL(join(root, 'src/optimize/trialV8Settings.ts')).href;

/**
 * The new space a worker thread starts with, in MB, in a fresh process (V8's flags belong to a whole process:
 * setting them here would change this test process), after `useTrialV8Settings(2)` or without it.
 */
function workerNewSpaceMegabytes(withTrialSettings: boolean): number {
  const script = `
    import { Worker } from 'node:worker_threads';
    const { useTrialV8Settings } = await import(${JSON.stringify(settings)});
    if (${withTrialSettings}) useTrialV8Settings(2);
    const worker = new Worker(
      "const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');" +
        "require('node:worker_threads').parentPort.postMessage(space.space_size);",
      { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 192 } },
    );
    worker.once('message', (size) => { process.stdout.write(String(size)); worker.terminate(); });
  `;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return Number(output) / 2 ** 20;
}

describe('trial V8 settings', () => {
  it('start a worker thread made after them with its young generation at full size, not at V8’s 1 MB semi-spaces', () => {
    expect(workerNewSpaceMegabytes(false)).toBeLessThan(16);
    expect(workerNewSpaceMegabytes(true)).toBeGreaterThanOrEqual(64);
  });

  it('leave V8’s interrupt budget at its default: a larger one cost the workers more CPU than it saved', () => {
    for (const workers of [1, 2, 8]) {
      expect(trialV8Flags(workers).some((flag) => flag.startsWith('--interrupt-budget'))).toBe(false);
    }
  });
});
