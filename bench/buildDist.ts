import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * `npm run build`: dist/ as the package ships it, so that a bench runs the `tradestate` command a user
 * installs (bin/tradestate.js) rather than src/ under tsx, which transpiles every module at start-up and
 * wraps every function it creates.
 *
 * @example
 * ```ts
 * buildDist();
 * spawn(process.execPath, ['bin/tradestate.js', 'run'], { cwd: root });
 * ```
 */
export function buildDist(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}
